"""Issue 16, items 11 and 12 at phone size (390×844): staff tables scroll inside their own
box instead of pushing the page sideways; the staff home and the feed address fit."""

import pytest
from playwright.sync_api import Page, expect

from events.models import BlockParty
from outreach.models import PresentationRequest
from pasadena_pd.feed_tokens import create_feed_token
from pasadena_pd.roles import EVENT_COORDINATORS, PAL_STAFF
from tests.events.factories import BlockPartyFactory
from tests.factories import UserFactory
from tests.outreach.factories import PresentationRequestFactory
from tests.pal.factories import EnrollmentFactory, MemberFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def overflows_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


def test_a_coordinators_staff_pages_fit_a_phone(
    live_server, page: Page, staff_roles, verified_admin_login
):
    coordinator = UserFactory(roles=[EVENT_COORDINATORS], first_name="Casey")
    for _ in range(3):
        BlockPartyFactory(status=BlockParty.Status.PENDING, street_name="Navarro" * 12)
    PresentationRequestFactory(status=PresentationRequest.Status.PENDING_REVIEW)
    token = create_feed_token(owner=coordinator, by=coordinator)
    page.set_viewport_size(PHONE)
    verified_admin_login(coordinator, next_url="/staff/")

    expect(page.get_by_role("link", name="3 block parties to approve or decline")).to_be_visible()
    assert not overflows_sideways(page), "/staff/"
    for path in (
        "/admin/events/blockparty/",
        f"/admin/pasadena_pd/calendarfeedtoken/{token.pk}/change/",
        "/admin/pasadena_pd/calendarfeedtoken/",
    ):
        page.goto(live_server.url + path)
        assert not overflows_sideways(page), path

    page.goto(f"{live_server.url}/admin/pasadena_pd/calendarfeedtoken/{token.pk}/change/")
    address = page.get_by_label("Private calendar feed address")
    expect(address).to_have_value(f"{live_server.url}/calendar/private/{token.token}.ics")
    expect(page.get_by_role("button", name="Copy")).to_be_visible()


def test_pal_staff_tables_scroll_inside_their_box(
    live_server, page: Page, staff_roles, verified_admin_login
):
    pal_staff = UserFactory(roles=[PAL_STAFF])
    EnrollmentFactory(first_name="Maximiliano" * 4, school="Washington" * 8)
    MemberFactory(first_name="Guadalupe" * 4, school="Eliot Arts Magnet" * 6)
    page.set_viewport_size(PHONE)
    verified_admin_login(pal_staff, next_url="/pal/staff/")
    for path in ("/pal/staff/", "/pal/staff/rosters/", "/pal/staff/transportation/"):
        page.goto(live_server.url + path)
        assert not overflows_sideways(page), path
