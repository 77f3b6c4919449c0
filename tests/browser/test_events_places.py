"""Issue 16, items 7 and 8: the list says how many places are left; a party too large for
them is told why and registers fewer people in one click (phone size)."""

import pytest
from playwright.sync_api import Page, expect

from events.models import Registration
from tests.browser.axe import assert_accessible
from tests.events.factories import EventFactory, RegistrationFactory
from tests.mail_links import emailed_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_places_left_and_a_party_too_large(live_server, page: Page, settings):
    settings.PUBLIC_FORM_RATE = "0"
    page.set_viewport_size({"width": 390, "height": 844})
    coffee = EventFactory(title="Coffee with a Cop", slug="coffee", capacity=10, max_party_size=6)
    RegistrationFactory(event=coffee, party_size=7)
    RegistrationFactory(event=EventFactory(title="Self-defense class", capacity=2), party_size=2)

    page.goto(live_server.url + "/events/")
    coffee_card = page.locator(".event-card", has_text="Coffee with a Cop")
    expect(coffee_card.locator(".places-left")).to_have_text("3 places left")
    full_card = page.locator(".event-card", has_text="Self-defense class")
    expect(full_card.locator(".places-left")).to_have_text("Full — join the waitlist")
    assert_accessible(page)

    coffee_card.get_by_role("link", name="Coffee with a Cop").click()
    page.get_by_label("Your name").fill("Ana Lopez")
    page.get_by_label("Email").fill("ana@example.org")
    page.get_by_label("Number in your party").fill("5")
    page.get_by_role("button", name="Register").click()

    summary = page.locator("#error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text("Only 3 places are left and your party is 5 people.")
    page.get_by_role("button", name="Register 3 people").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: check your email")
    page.goto(live_server.url + emailed_link("ana@example.org"))
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_text("your 3 places are confirmed")).to_be_visible()
    mine = Registration.objects.get(email="ana@example.org")
    assert (mine.party_size, mine.status) == (3, Registration.Status.CONFIRMED)
