"""Forms work with the keyboard alone: every field is reached by Tab, visibly, in order."""

import pytest
from playwright.sync_api import Page, expect

from pasadena_pd.roles import SUPERVISORS
from tests.browser.keyboard import assert_form_keyboard_operable, focused_is_visible, tab_to
from tests.factories import UserFactory
from tests.security.otp import FACTORY_PASSWORD, current_token, totp_device_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_language_switch_works_with_the_keyboard(live_server, page: Page):
    page.goto(live_server.url + "/events/")
    tab_to(page, page.get_by_label("Language"))
    assert focused_is_visible(page)
    page.keyboard.press("ArrowDown")  # English -> Spanish
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Change")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + "/events/")
    expect(page.locator("html")).to_have_attribute("lang", "es")


def test_staff_sign_in_and_two_factor_work_with_the_keyboard(live_server, page: Page, staff_roles):
    user = UserFactory(roles=[SUPERVISORS])
    device = totp_device_for(user)
    page.goto(live_server.url + "/admin/login/?next=/admin/")

    tab_to(page, page.get_by_label("Username"))
    page.keyboard.type(user.username)
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type(FACTORY_PASSWORD)
    page.keyboard.press("Enter")

    code_field = page.get_by_label("Six-digit code from your authenticator app")
    expect(code_field).to_be_focused()  # autofocus: no mouse needed
    page.keyboard.type(current_token(device))
    page.keyboard.press("Enter")

    expect(page).to_have_url(live_server.url + "/admin/")


def test_pal_enrollment_form_works_with_the_keyboard(live_server, page: Page):
    from tests.pal.factories import ProgramTermFactory

    ProgramTermFactory(name="School year demo")
    page.goto(live_server.url + "/pal/enroll/")
    form = page.locator("main form")

    assert_form_keyboard_operable(page, form)

    # Sent empty with Enter: the errors are shown next to the fields, nothing is saved.
    expect(page.locator(".invalid-feedback").first).to_be_visible()


@pytest.mark.parametrize(
    "build",
    ["presentation_request", "event_registration", "block_party"],
)
@pytest.mark.usefixtures("forms_open")
def test_public_forms_are_operable_with_the_keyboard(live_server, page: Page, build):
    from tests.security import public_forms

    form = getattr(public_forms, build)()
    page_url = form.url.removesuffix("register/")  # the registration form is on the event page
    page.goto(live_server.url + page_url)

    assert_form_keyboard_operable(page, page.locator("main form[method=post i]").first)

    expect(page.locator(".invalid-feedback, .alert-danger, .errorlist").first).to_be_visible()


def test_a_resident_registers_for_an_event_with_the_keyboard_alone(live_server, page: Page):
    from events.models import Registration
    from tests.events.factories import EventFactory

    event = EventFactory(slug="keyboard-meeting", capacity=10)
    page.goto(f"{live_server.url}/events/{event.slug}/")

    tab_to(page, page.get_by_label("Your name"))
    page.keyboard.type("Kai Keyboard")
    page.keyboard.press("Tab")
    page.keyboard.type("kai@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("626-555-0188")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Number in your party")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(f"{live_server.url}/events/{event.slug}/register/sent/")
    assert Registration.objects.get().name == "Kai Keyboard"
