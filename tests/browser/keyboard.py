"""Drive a page with the keyboard alone, as a person without a mouse would."""


def tab_to(page, locator, *, max_presses: int = 60) -> None:
    """Press Tab until `locator` has the focus; fail if it is never reached."""
    handle = locator.element_handle()
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if page.evaluate("(element) => document.activeElement === element", handle):
            return
    raise AssertionError(f"{locator} was never reached with the Tab key")


def focused_is_visible(page) -> bool:
    """The focused element is on screen (no keyboard trap into hidden fields)."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            if (!el || el === document.body) return false;
            const box = el.getBoundingClientRect();
            return box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0;
        }"""
    )


def assert_form_keyboard_operable(page, form, *, max_presses: int = 200) -> None:
    """Every visible control of `form` is reached by Tab (in order), the honeypot is not,
    and Enter on the focused submit button sends the form."""
    controls = form.locator("input, select, textarea, button")
    expected = set()
    for index in range(controls.count()):
        control = controls.nth(index)
        if control.is_visible() and control.is_enabled():
            expected.add(control.evaluate("(el) => el.id || el.name || el.textContent.trim()"))
    submit = form.locator("button[type=submit], input[type=submit]").last
    page.locator("body").focus()
    reached = set()
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        assert focused_is_visible(page), "the focus went to something hidden"
        reached.add(
            page.evaluate(
                "document.activeElement.id || document.activeElement.name"
                " || document.activeElement.textContent.trim()"
            )
        )
        if submit.evaluate("(el) => el === document.activeElement"):
            break
    else:
        raise AssertionError("the submit button was never reached with the Tab key")
    # Radio groups take one Tab stop; their other options are reached with the arrow keys.
    radios = form.locator("input[type=radio]")
    grouped = {radios.nth(i).evaluate("(el) => el.id") for i in range(radios.count())}
    missing = {name for name in expected - reached if name not in grouped | {"id_website"}}
    assert not missing, f"not reachable with the Tab key: {sorted(missing)}"
    assert "id_website" not in reached, "the honeypot field is reachable with the keyboard"
    page.keyboard.press("Enter")
