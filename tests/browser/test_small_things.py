"""Issue 16, item 12: the smaller things a resident meets, at phone size (390×844)."""

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
