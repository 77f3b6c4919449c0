"""A host registers a block party; a coordinator approves it in admin; it shows on the
National Night Out page and in the visit plan."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from events.selectors import national_night_out, upcoming_nno_year
from pasadena_pd.roles import EVENT_COORDINATORS
from tests.factories import AreaFactory, UserFactory
from tests.mail_links import emailed_link

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_block_party_from_registration_to_visit_plan(
    live_server, page: Page, settings, staff_roles, today, verified_admin_login
):
    today("2027-06-15 10:00")  # registration is open for the night of August 3, 2027
    settings.PUBLIC_FORM_RATE = "0"
    AreaFactory(name="Northwest", slug="northwest")
    year = upcoming_nno_year(timezone.localdate())
    coordinator = UserFactory(username="coordinator", roles=[EVENT_COORDINATORS])

    page.goto(f"{live_server.url}/events/national-night-out/")
    page.get_by_role("link", name="Register a block party").click()
    page.get_by_label("Host's name").fill("Grace Kim")
    page.get_by_label("Host's email").fill("grace@example.org")
    page.get_by_label("Host's phone").fill("626-555-0142")
    page.get_by_label("Street address of the party").fill("1220 Navarro Ave")
    page.get_by_label("Street name to show on the public list").fill("Navarro Ave")
    page.get_by_label("Community Services Area").select_option(label="Northwest")
    # Issue 16, item 12: one date accepted, so the night is stated, not a free date field.
    night = national_night_out(year)
    expect(page.locator("#party-date")).to_contain_text(f"{night:%A, %B} {night.day}, {year}")
    expect(page.locator("form.block-party-form input[type=date]")).to_have_count(0)
    page.get_by_label("Expected attendance").fill("40")
    page.get_by_label("Fire engine visit").check()
    page.get_by_role("button", name="Register the block party").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: check your email")
    # Nothing is reviewed before the host confirms the link emailed to them (issue 14).
    page.goto(live_server.url + emailed_link("grace@example.org"))
    page.get_by_role("button", name="Confirm my block party").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your block party")
    expect(page.get_by_text("Waiting for review")).to_be_visible()

    # Hosts' addresses and phones: a coordinator needs a verified second factor.
    verified_admin_login(coordinator, next_url="/admin/events/blockparty/")
    page.get_by_role("row", name="Navarro Ave").get_by_role("checkbox").check()
    page.locator("select[name=action]").select_option(label="Approve the selected block parties")
    page.get_by_role("button", name="Go").click()
    expect(page.get_by_text("1 block party updated.")).to_be_visible()

    page.goto(f"{live_server.url}/events/national-night-out/")
    area = page.get_by_role("region", name="Northwest")
    expect(area.get_by_text("Navarro Ave")).to_be_visible()
    expect(page.get_by_text("1220 Navarro Ave")).to_have_count(0)

    page.goto(f"{live_server.url}/events/national-night-out/{year}/visit-plan/")
    plan = page.get_by_role("region", name="Northwest")
    expect(plan.get_by_role("cell", name="1220 Navarro Ave")).to_be_visible()
    expect(plan.get_by_role("cell", name="Grace Kim 626-555-0142")).to_be_visible()
