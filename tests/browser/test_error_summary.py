"""Issue 16, item 1: a refused submit is seen at once, on a phone as on a desktop.

After a refused submit of any public form the title starts with "Error:", focus is on a
summary at the top of the page (in view without scrolling) that lists each problem as a
link to its field, and axe finds nothing serious.
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.test_outreach_request import central, fill_request  # noqa: F401 (fixture)
from tests.events.factories import EventFactory, in_days, local_datetime
from tests.outreach.factories import next_weekday
from tests.pal.factories import ProgramTermFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def screen(request, page: Page, settings):
    settings.PUBLIC_FORM_RATE = "0"
    page.set_viewport_size(request.param)
    return page


def assert_summary_has_focus_in_view(page: Page, *links: tuple[str, str]):
    summary = page.locator("#error-summary")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    for text, field_id in links:
        expect(summary.get_by_role("link", name=text)).to_have_attribute("href", f"#{field_id}")
    assert_accessible(page)


def test_request_refused_by_a_rule(live_server, screen: Page, central):  # noqa: F811
    screen.goto(live_server.url + "/outreach/request/?area=central")
    fill_request(screen, next_weekday(5), "18:30", "20:00", "neighborhood_watch")
    screen.get_by_role("button", name="Send my request").click()

    summary = screen.locator("#error-summary")
    expect(summary.get_by_role("heading")).to_have_text("We cannot accept this request as it is")
    assert_summary_has_focus_in_view(screen, ("14 days", "id_date"))
    summary.get_by_role("link", name="14 days").click()
    expect(screen.locator("#id_date")).to_be_focused()


def test_request_with_missing_answers(live_server, screen: Page, central):  # noqa: F811
    screen.goto(live_server.url + "/outreach/request/?area=central")
    screen.get_by_label("Title of your meeting or event").fill("Orange Grove neighbors")
    screen.get_by_role("button", name="Send my request").click()
    assert_summary_has_focus_in_view(
        screen,
        ("Date: This field is required.", "id_date"),
        ("Your name: This field is required.", "id_contact_name"),
    )


def test_event_registration(live_server, screen: Page):
    day = in_days(20)
    EventFactory(
        title="Coffee with a Cop",
        slug="coffee",
        starts_at=local_datetime(day, 9),
        ends_at=local_datetime(day, 10),
    )
    screen.goto(live_server.url + "/events/coffee/")
    screen.get_by_label("Your name").fill("Ana Lopez")
    screen.get_by_role("button", name="Register").click()
    assert_summary_has_focus_in_view(screen, ("Email: This field is required.", "id_email"))


@pytest.mark.usefixtures("forms_open")
def test_block_party(live_server, screen: Page):
    screen.goto(live_server.url + "/events/national-night-out/block-party/")
    screen.get_by_label("Host's name").fill("Grace Kim")
    screen.get_by_role("button", name="Register the block party").click()
    assert_summary_has_focus_in_view(
        screen, ("Host's email: This field is required.", "id_host_email")
    )


def test_pal_enrollment(live_server, screen: Page):
    ProgramTermFactory(name="School year demo")
    screen.goto(live_server.url + "/pal/enroll/")
    screen.get_by_label("Child's first name").fill("Maya")
    screen.get_by_role("button", name="Send the application").click()
    assert_summary_has_focus_in_view(
        screen, ("Child's last name: This field is required.", "id_last_name")
    )
