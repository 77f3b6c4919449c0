"""A visitor finds National Night In in the calendar, registers and sees the join details;
a second visitor lands on the waitlist; the first one cancels and the second moves up."""

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from events.models import Registration
from tests.events.factories import OnlineEventFactory, in_days, local_datetime
from tests.mail_links import emailed_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def register(page: Page, name: str, email: str):
    """Fill in the form, then open the link that came by email and confirm."""
    page.get_by_label("Your name").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Number in your party").fill("1")
    page.get_by_role("button", name="Register").or_(
        page.get_by_role("button", name="Join the waitlist")
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: check your email")
    page.goto(page.url.split("/events/")[0] + emailed_link(email))
    expect(page.get_by_text("no place and no waitlist position is held")).to_be_visible()
    page.get_by_role("button", name="Confirm my registration").click()
    expect(page.get_by_text("your email address is confirmed")).to_be_visible()


def test_night_in_registration_waitlist_and_promotion(live_server, page: Page, browser, settings):
    settings.PUBLIC_FORM_RATE = "0"
    day = in_days(20)
    OnlineEventFactory(
        title="National Night In",
        slug="national-night-in",
        capacity=1,
        starts_at=local_datetime(day, 17),
        ends_at=local_datetime(day, 18, 30),
    )

    page.goto(f"{live_server.url}/events/calendar/?month={day:%Y-%m}")
    page.get_by_role("link", name="National Night In").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("National Night In")
    expect(page.get_by_text("827 0000 0699")).to_have_count(0)
    register(page, "Ana Lopez", "ana@example.org")

    expect(page.get_by_role("heading", level=1)).to_have_text("Your registration")
    expect(page.get_by_text("your place is confirmed")).to_be_visible()
    expect(page.get_by_text("827 0000 0699")).to_be_visible()
    expect(page.get_by_role("link", name="https://meet.example.org/j/123456")).to_be_visible()

    second = browser.new_page()
    second.goto(f"{live_server.url}/events/national-night-in/")
    expect(second.get_by_text("This event is full")).to_be_visible()
    register(second, "Ben Okafor", "ben@example.org")
    expect(second.get_by_text("number 1 on the waitlist")).to_be_visible()
    expect(second.get_by_text("827 0000 0699")).to_have_count(0)

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel my registration").click()
    expect(page.get_by_text("Your registration is cancelled.")).to_be_visible()

    second.reload()
    expect(second.get_by_text("your place is confirmed")).to_be_visible()
    expect(second.get_by_text("827 0000 0699")).to_be_visible()
    assert Registration.objects.get(email="ben@example.org").status == "confirmed"
    assert any(m.to == ["ben@example.org"] and "place opened up" in m.subject for m in mail.outbox)
    second.close()


def test_the_calendar_is_a_list_on_a_phone(live_server, page: Page):
    day = in_days(20)
    OnlineEventFactory(
        title="National Night In",
        slug="night-in-phone",
        starts_at=local_datetime(day, 17),
        ends_at=local_datetime(day, 18),
    )
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(f"{live_server.url}/events/calendar/?month={day:%Y-%m}")
    expect(page.locator(".calendar-grid")).to_be_hidden()
    expect(
        page.locator(".calendar-list").get_by_role("link", name="National Night In")
    ).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


AXE = "/static/vendor/axe-core/axe.min.js"  # from the site itself: the CSP allows no inline


def serious_accessibility_violations(page: Page) -> list[str]:
    page.add_script_tag(url=page.evaluate("location.origin") + AXE)
    result = page.evaluate("async () => await axe.run(document)")
    return [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def test_event_pages_pass_axe(live_server, page: Page):
    event = OnlineEventFactory(title="National Night In", slug="night-in-axe", capacity=5)
    for path in [
        "/events/calendar/",
        event.get_absolute_url(),
        "/events/national-night-out/block-party/",
    ]:
        page.goto(live_server.url + path)
        assert serious_accessibility_violations(page) == [], path
