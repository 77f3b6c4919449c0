import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from outreach.models import MajorEvent, PresentationRequest, ResourceBooking
from outreach.services import decisions
from outreach.services.bookings import allocate_bookings
from tests.factories import MajorEventFactory
from tests.outreach.factories import NO_INLINE_ROWS, PresentationRequestFactory, next_weekday
from tests.outreach.test_ical_import import SEASON
from tests.security.otp import verify_client  # supervisors verify a TOTP code (hardening)

pytestmark = pytest.mark.django_db
CHANGELIST = "/admin/outreach/presentationrequest/"


def act(client, action, requests, **extra):
    return client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in requests], **extra},
        follow=True,
    )


def test_needs_my_action_shows_a_supervisor_the_weekend_requests(
    client, supervisor, weekend_request, area
):
    PresentationRequestFactory(area=area, title="Weekday meeting")
    verify_client(client, supervisor)
    page = client.get(CHANGELIST, {"mine": "yes"}).content.decode()
    assert "Maple Street block party" in page
    assert "Weekday meeting" not in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"weekend": "yes"}, ["Maple Street block party"]),
        ({"weekend": "no"}, ["Weekday meeting"]),
        ({"when": "next30"}, ["Weekday meeting"]),
        ({"q": "maple"}, ["Maple Street block party"]),
        ({"status__exact": "pending_review"}, ["Weekday meeting"]),
    ],
)
def test_list_filters_and_search(client, supervisor, weekend_request, area, params, expected):
    PresentationRequestFactory(area=area, title="Weekday meeting", date=next_weekday(20))
    verify_client(client, supervisor)
    response = client.get(CHANGELIST, params)
    shown = [r.title for r in response.context["cl"].result_list]
    assert shown == expected


def test_changelist_queries_stay_flat(client, supervisor, area, django_assert_max_num_queries):
    verify_client(client, supervisor)
    PresentationRequestFactory(area=area)
    with django_assert_max_num_queries(20) as one:
        client.get(CHANGELIST)
    PresentationRequestFactory.create_batch(3, area=area)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(CHANGELIST)


def counts(captured) -> int:
    return sum("COUNT(*)" in query["sql"] for query in captured)


def test_the_unfiltered_list_counts_its_requests_once(client, supervisor, area):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    PresentationRequestFactory.create_batch(2, area=area, title="Weekday meeting")
    PresentationRequestFactory(area=area, title="Lantern walk")
    verify_client(client, supervisor)
    with CaptureQueriesContext(connection) as unfiltered:
        whole = client.get(CHANGELIST).content.decode()
    with CaptureQueriesContext(connection) as searched:
        found = client.get(CHANGELIST, {"q": "lantern"}).content.decode()

    assert counts(unfiltered.captured_queries) == 1
    assert "3 presentation and event requests" in whole
    assert counts(searched.captured_queries) == 2  # the matches, and the total
    assert "1 result" in found
    assert "3 total" in found


def test_change_page_shows_the_findings(client, supervisor, area):
    request = PresentationRequestFactory(area=area)
    MajorEventFactory(name="Rose Bowl concert", start_date=request.date, end_date=request.date)
    verify_client(client, supervisor)
    page = client.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    assert 'data-rule="major_event_conflict"' in page
    assert "Rose Bowl concert" in page
    assert "Blocking:" in page


def test_change_page_marks_an_excused_rule(client, supervisor, area):
    request = PresentationRequestFactory(area=area)
    MajorEventFactory(name="Rose Bowl concert", start_date=request.date, end_date=request.date)
    decisions.accept_exception(request, by=supervisor, reason="Two officers, indoors.")
    verify_client(client, supervisor)
    page = client.get(f"{CHANGELIST}{request.pk}/change/").content.decode()
    assert "Excused (exception for this day):" in page
    assert "Blocking:" not in page
    # The activity (not the state history) says who excused what, and why.
    assert "Two officers, indoors." in page


def test_supervisor_approves_in_admin(client, supervisor, weekend_request):
    verify_client(client, supervisor)
    response = act(client, "approve_weekend", [weekend_request])
    weekend_request.refresh_from_db()
    assert weekend_request.status == "pending_review"
    assert weekend_request.supervisor_approved_by == supervisor
    assert "Approved 1 weekend request" in response.content.decode()


def test_neighborhood_services_assign_each_areas_specialist(client, neighborhood_services, area):
    from tests.factories import SpecialistFactory

    other = SpecialistFactory(name="Officer Dana Reyes")
    here = PresentationRequestFactory(area=area)
    there = PresentationRequestFactory(area=other.area)
    verify_client(client, neighborhood_services)

    response = act(client, "assign_area_specialist", [here, there])

    here.refresh_from_db()
    there.refresh_from_db()
    assert (here.specialist.name, there.specialist.name) == ("Officer Aiko Tanaka", other.name)
    assert "Assigned 2." in response.content.decode()


def test_neighborhood_services_cannot_approve(client, neighborhood_services, weekend_request):
    verify_client(client, neighborhood_services)
    act(client, "approve_weekend", [weekend_request])
    weekend_request.refresh_from_db()
    assert weekend_request.status == "awaiting_supervisor_approval"
    assert weekend_request.supervisor_approved_by is None


def test_decline_asks_for_a_reason_first(client, neighborhood_services, area):
    request = PresentationRequestFactory(area=area)
    verify_client(client, neighborhood_services)
    page = act(client, "decline", [request]).content.decode()
    assert 'name="reason"' in page
    assert PresentationRequest.objects.get().status == "pending_review"
    act(client, "decline", [request], apply="1", reason="")
    assert PresentationRequest.objects.get().status == "pending_review"
    act(client, "decline", [request], apply="1", reason="Every officer is at the parade.")
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == (
        "declined",
        "Every officer is at the parade.",
    )


def test_schedule_refuses_an_unapproved_weekend_request(
    client, neighborhood_services, weekend_request
):
    PresentationRequest.objects.filter(pk=weekend_request.pk).update(status="pending_review")
    verify_client(client, neighborhood_services)
    page = act(client, "schedule", [weekend_request]).content.decode()
    assert "supervisor" in page
    assert PresentationRequest.objects.get().status == "pending_review"


def test_moving_a_request_bumps_its_sequence(client, neighborhood_services, area):
    request = PresentationRequestFactory(area=area)
    new_day = next_weekday(30)
    verify_client(client, neighborhood_services)
    client.post(
        f"{CHANGELIST}{request.pk}/change/",
        {
            "date": new_day.isoformat(),
            "start_time": "18:00",
            "end_time": "20:00",
            "location": "Library hall",
            "specialist": "",
            **NO_INLINE_ROWS,
        },
    )
    request.refresh_from_db()
    assert (request.date, request.location, request.sequence) == (new_day, "Library hall", 1)


def test_coordinator_confirms_a_booking(client, coordinator, area, special_resources):
    request = PresentationRequestFactory(area=area, resources=[special_resources["k9"]])
    [booking] = allocate_bookings(request)
    verify_client(client, coordinator)
    client.post(
        "/admin/outreach/resourcebooking/",
        {"action": "confirm", "_selected_action": [booking.pk]},
    )
    booking.refresh_from_db()
    assert booking.state == ResourceBooking.State.CONFIRMED
    assert booking.confirmed_by == coordinator


def test_calendar_import_in_admin(client, supervisor):
    verify_client(client, supervisor)
    upload = SimpleUploadedFile("season.ics", SEASON, content_type="text/calendar")
    response = client.post(
        "/admin/outreach/majorevent/import/", {"calendar_file": upload}, follow=True
    )
    assert "3 new" in response.content.decode()
    assert MajorEvent.objects.filter(source="imported").count() == 3


def test_calendar_import_refuses_garbage(client, supervisor):
    verify_client(client, supervisor)
    upload = SimpleUploadedFile("x.ics", b"hello", content_type="text/calendar")
    response = client.post("/admin/outreach/majorevent/import/", {"calendar_file": upload})
    assert response.status_code == 200
    assert "not a calendar file" in response.content.decode()


def test_neighborhood_services_cannot_import(client, neighborhood_services):
    verify_client(client, neighborhood_services)
    assert client.get("/admin/outreach/majorevent/import/").status_code == 403


def test_each_user_is_offered_only_their_own_actions(
    client, supervisor, neighborhood_services, area
):
    # The action select's HTML is kept per language and choices (pasadena_pd.admin_lists).
    PresentationRequestFactory(area=area)
    first = verify_client(client, supervisor).get(CHANGELIST).content.decode()
    second = verify_client(client, neighborhood_services).get(CHANGELIST).content.decode()
    spanish = verify_client(client, supervisor).get(CHANGELIST, HTTP_ACCEPT_LANGUAGE="es")

    assert '<option value="approve_weekend">' in first
    assert '<option value="approve_weekend">' not in second
    assert '<option value="assign_area_specialist">' in second
    assert "Acción:" in spanish.content.decode()
