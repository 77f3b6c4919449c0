"""Issue 16, item 11 (outreach's admin): states and excused rules in words, bookings in
Pasadena's local time rather than UTC ranges."""

import datetime

import pytest

from outreach.services import decisions
from outreach.services.bookings import allocate_bookings
from tests.factories import MajorEventFactory
from tests.outreach.factories import PresentationRequestFactory, next_weekday
from tests.pasadena_pd.test_staff_labels import text_of
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db


def test_a_request_history_reads_as_words(client, supervisor, area):
    request = PresentationRequestFactory(
        area=area,
        date=next_weekday(40, weekend=True),
        start_time=datetime.time(12),
        end_time=datetime.time(17),
        status="awaiting_supervisor_approval",
    )
    decisions.approve_weekend_request(request, by=supervisor)
    verify_client(client, supervisor)
    html = client.get(f"/admin/outreach/presentationrequest/{request.pk}/change/").content
    page = text_of(html.decode())
    assert "Awaiting supervisor approval" in page
    assert "Pending review" in page
    assert "awaiting_supervisor_approval" not in page
    assert "pending_review" not in page


def test_excused_rules_are_named(client, supervisor, area):
    request = PresentationRequestFactory(area=area)
    MajorEventFactory(name="Rose Bowl concert", start_date=request.date, end_date=request.date)
    decisions.accept_exception(request, by=supervisor, reason="Two officers, indoors.")
    verify_client(client, supervisor)
    page = text_of(
        client.get(f"/admin/outreach/presentationrequest/{request.pk}/change/").content.decode()
    )
    assert "Major city event" in page
    assert "major_event_conflict" not in page


def test_a_booking_reads_in_local_time(client, coordinator, area, special_resources):
    day = next_weekday(40)
    request = PresentationRequestFactory(
        area=area,
        date=day,
        start_time=datetime.time(12),
        end_time=datetime.time(16),
        resources=[special_resources["k9"]],
    )
    [booking] = allocate_bookings(request)
    verify_client(client, coordinator)
    for url in (
        "/admin/outreach/resourcebooking/",
        f"/admin/outreach/resourcebooking/{booking.pk}/change/",
    ):
        page = text_of(client.get(url).content.decode())
        assert "+00:00" not in page, url
        assert "noon" in page or "12:00 p.m." in page or "12 p.m." in page, url
        assert day.strftime("%b") in page and str(day.year) in page, url
