import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import Page, expect

from outreach.models import DEFAULT_SPECIAL_RESOURCES, PresentationRequest, SpecialResource
from tests.factories import AreaFactory, SpecialistFactory
from tests.mail_links import confirm_in_browser
from tests.outreach.factories import next_weekday
from tests.security.otp import verified_admin_login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def central(db):
    area = AreaFactory(name="Central", slug="central")
    SpecialistFactory(area=area, name="Officer Aiko Tanaka")
    for code, (lead, units) in DEFAULT_SPECIAL_RESOURCES.items():
        SpecialResource.objects.get_or_create(
            code=code, defaults={"name": code.label, "lead_time_days": lead, "units": units}
        )
    return area


def fill_request(page: Page, day: datetime.date, start: str, end: str, kind: str):
    page.get_by_label("What are you asking for?").select_option(kind)
    page.get_by_label("Title of your meeting or event").fill("Orange Grove neighbors")
    page.locator("#id_date").fill(day.isoformat())
    page.get_by_label("Start time").fill(start)
    page.get_by_label("End time").fill(end)
    page.get_by_label("Address").fill("300 E Orange Grove Blvd")
    page.get_by_label("Expected attendance").fill("30")
    page.get_by_label("Your name").fill("Rosa Resident")
    page.get_by_label("Email").fill("rosa@example.org")
    page.get_by_label("Phone").fill("626-555-0100")


def test_resident_is_refused_then_takes_an_offered_date(live_server, page: Page, central):
    page.goto(live_server.url + "/outreach/areas/")
    page.get_by_role("link", name="Request a presentation in Central").click()
    expect(page.get_by_label("Community Services Area")).to_have_value("central")

    fill_request(page, next_weekday(5), "18:30", "20:00", "neighborhood_watch")
    page.get_by_role("button", name="Send my request").click()

    refusal = page.locator('[data-rule="min_notice"]')
    expect(refusal).to_be_visible()
    expect(refusal).to_contain_text("14 days")
    offered = page.locator("[data-refill-date]").first
    offered_date = offered.get_attribute("data-refill-date")
    offered.click()
    expect(page.locator("#id_date")).to_have_value(offered_date)
    page.get_by_role("button", name="Send my request").click()

    expect(page).to_have_url(re.compile(r"/outreach/request/sent/$"))
    confirm_in_browser(page, live_server.url, "rosa@example.org")
    expect(page.locator(".request-status")).to_have_text("Pending review")
    request = PresentationRequest.objects.get()
    assert request.date.isoformat() == offered_date


def test_weekend_request_is_approved_by_a_supervisor_in_admin(
    live_server, page: Page, browser, central
):
    page.goto(live_server.url + "/outreach/request/?area=central")
    fill_request(page, next_weekday(35, weekend=True), "12:00", "17:00", "block_party")
    page.get_by_role("button", name="Send my request").click()
    status_url = confirm_in_browser(page, live_server.url, "rosa@example.org")
    expect(page.locator(".request-status")).to_have_text("Awaiting supervisor approval")

    chief = get_user_model().objects.create_superuser(
        "chief", "chief@example.org", "a-long-test-password-42"
    )
    staff = browser.new_page()
    # Superusers sign in with a TOTP code as well (pasadena_pd.security).
    verified_admin_login(staff, live_server.url, chief, "a-long-test-password-42")
    staff.goto(live_server.url + "/admin/outreach/presentationrequest/?mine=yes")
    staff.get_by_role("checkbox", name="Select this object for an action").first.check()
    staff.locator("select[name=action]").select_option("approve_weekend")
    staff.get_by_role("button", name="Go").click()
    expect(staff.locator(".messagelist")).to_contain_text("Approved 1 weekend request")
    staff.close()

    page.goto(status_url)
    expect(page.locator(".request-status")).to_have_text("Pending review")
    expect(page.locator(".approval-note")).to_contain_text("A supervisor approved")
