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
