import datetime

import pytest
from django.core import mail

from outreach.models import PresentationRequest
from outreach.services import decisions
from outreach.services.bookings import allocate_bookings
from tests.outreach.factories import PresentationRequestFactory, next_weekday

pytestmark = pytest.mark.django_db


def status_url(request):
    return f"/outreach/requests/{request.token}/"


def test_status_page_says_what_happens_next(client, area):
    request = PresentationRequestFactory(area=area, title="Elm Street meeting")
    response = client.get(status_url(request))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Pending review" in page
    assert "reviewing your request" in page
    assert "Not assigned yet" in page
    assert "no-store" in response["Cache-Control"]
    assert ".ics" not in page


def test_unknown_token_is_404(client, db):
    assert client.get("/outreach/requests/not-a-real-token/").status_code == 404


def test_scheduled_request_shows_specialist_and_calendar_link(client, area, neighborhood_services):
    request = PresentationRequestFactory(area=area)
    decisions.schedule_request(request, by=neighborhood_services)
    page = client.get(status_url(request)).content.decode()
    assert "Scheduled" in page
    assert "Officer Aiko Tanaka" in page
    assert f'href="/outreach/requests/{request.token}.ics"' in page


def test_declined_request_shows_the_reason(client, area, neighborhood_services):
    request = PresentationRequestFactory(area=area)
    decisions.decline_request(request, by=neighborhood_services, reason="No officer free.")
    page = client.get(status_url(request)).content.decode()
    assert "Declined" in page
    assert "No officer free." in page
    assert "Cancel my request" not in page


def test_requester_cancels_an_open_request(client, area, special_resources):
    request = PresentationRequestFactory(area=area, resources=[special_resources["k9"]])
    allocate_bookings(request)
    response = client.post(status_url(request) + "cancel/", {"reason": "Meeting moved online"})
    request.refresh_from_db()
    assert response.status_code == 303
    assert request.status == "cancelled"
    assert [b.state for b in request.bookings.all()] == ["released"]
    assert "cancelled" in mail.outbox[-1].body
    assert "Your request is cancelled." in client.get(status_url(request)).content.decode()


def test_cancelling_a_closed_request_changes_nothing(client, area, neighborhood_services):
    request = PresentationRequestFactory(area=area)
    decisions.decline_request(request, by=neighborhood_services, reason="No.")
    response = client.post(status_url(request) + "cancel/", follow=True)
    request.refresh_from_db()
    assert request.status == "declined"
    assert "cannot move" in response.content.decode()


def test_cancel_by_get_is_not_allowed(client, area):
    request = PresentationRequestFactory(area=area)
    assert client.get(status_url(request) + "cancel/").status_code == 405
    assert PresentationRequest.objects.get().status == "pending_review"


def test_weekend_approval_shows_on_the_status_page(client, area, supervisor):
    request = PresentationRequestFactory(
        area=area,
        date=next_weekday(40, weekend=True),
        start_time=datetime.time(10),
        end_time=datetime.time(15),
        status="awaiting_supervisor_approval",
    )
    assert "Awaiting supervisor approval" in client.get(status_url(request)).content.decode()
    decisions.approve_weekend_request(request, by=supervisor)
    page = client.get(status_url(request)).content.decode()
    assert "A supervisor approved your weekend event" in page
