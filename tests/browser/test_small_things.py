"""Issue 16, item 12: the smaller things a resident meets, at phone size (390×844)."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from events.models import Registration
from outreach.models import PresentationRequest
from tests.events.factories import EventFactory, RegistrationFactory
from tests.outreach.factories import PresentationRequestFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def overflows_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_a_long_unbroken_title_stays_on_the_screen(live_server, page: Page):
    page.set_viewport_size(PHONE)
    event = EventFactory(
        title="Neighborhood" + "Watch" * 30,
        address="1" * 120 + " Orange Grove Boulevard",
    )
    for path in ("/events/", event.get_absolute_url()):
        page.goto(live_server.url + path)
        assert not overflows_sideways(page), path


def test_every_page_has_the_projects_icon(live_server, page: Page):
    page.goto(live_server.url + "/")
    icon = page.locator("link[rel=icon]")
    expect(icon).to_have_attribute("href", "/static/img/favicon.svg")
    answer = page.request.get(live_server.url + "/static/img/favicon.svg")
    assert answer.ok and "<svg" in answer.text()


def test_cancelling_a_request_asks_first(live_server, page: Page):
    page.set_viewport_size(PHONE)
    request = PresentationRequestFactory()
    page.goto(live_server.url + request.get_absolute_url())
    confirm = page.get_by_role("button", name="Yes, cancel my request")
    expect(confirm).to_be_hidden()

    page.get_by_text("Cancel this request…").click()
    confirm.click()

    expect(page.get_by_text("Your request is cancelled.")).to_be_visible()
    request.refresh_from_db()
    assert request.status == PresentationRequest.Status.CANCELLED


def test_a_cancelled_registration_offers_no_calendar(live_server, page: Page):
    registration = RegistrationFactory(event=EventFactory(), status=Registration.Status.CANCELLED)
    page.goto(live_server.url + registration.get_absolute_url())
    expect(page.get_by_text("This registration is cancelled.")).to_be_visible()
    expect(page.get_by_role("link", name="Add to calendar")).to_have_count(0)


def test_a_past_date_is_told_it_has_passed(live_server, page: Page):
    """Not the 14-day notice message: the rules module says the date has passed."""
    from django.utils import timezone

    from tests.browser.test_outreach_request import fill_request
    from tests.factories import AreaFactory

    AreaFactory(name="Central", slug="central")
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/outreach/request/")
    past = timezone.localdate() - datetime.timedelta(days=3)
    fill_request(page, past, "18:30", "20:00", "neighborhood_watch")
    page.get_by_label("Community Services Area").select_option("central")
    page.get_by_role("button", name="Send my request").click()
    refusal = page.locator('[data-rule="min_notice"]')
    expect(refusal).to_contain_text("has passed. Please choose a coming date.")
    expect(refusal).not_to_contain_text("days' notice")
