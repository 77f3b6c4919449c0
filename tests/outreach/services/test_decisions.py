import datetime

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from outreach.models import PresentationRequest
from outreach.services import decisions
from outreach.services.bookings import allocate_bookings
from pasadena_pd.workflow import TransitionError, activity_of, history_of
from tests.factories import MajorEventFactory
from tests.outreach.factories import PresentationRequestFactory, next_weekday

pytestmark = pytest.mark.django_db


@pytest.fixture
def weekend_request(area):
    return PresentationRequestFactory(
        area=area,
        kind="block_party",
        date=next_weekday(40, weekend=True),
        start_time=datetime.time(12),
        end_time=datetime.time(17),
        status="awaiting_supervisor_approval",
    )


def test_supervisor_approves_a_weekend_request(weekend_request, supervisor):
    decisions.approve_weekend_request(weekend_request, by=supervisor)
    weekend_request.refresh_from_db()
    assert weekend_request.status == "pending_review"
    assert weekend_request.supervisor_approved_by == supervisor
    assert weekend_request.supervisor_approved_at is not None
    approval = history_of(weekend_request).last()
    assert (approval.from_state, approval.to_state, approval.changed_by) == (
        "awaiting_supervisor_approval",
        "pending_review",
        supervisor,
    )
    assert "supervisor approved" in mail.outbox[-1].body


def test_only_a_supervisor_approves(weekend_request, neighborhood_services):
    with pytest.raises(TransitionError):
        decisions.approve_weekend_request(weekend_request, by=neighborhood_services)
    weekend_request.refresh_from_db()
    assert weekend_request.status == "awaiting_supervisor_approval"


def test_weekend_request_is_never_scheduled_without_approval(
    weekend_request, neighborhood_services
):
    weekend_request.status = "pending_review"  # as if moved around the workflow
    weekend_request.save()
    with pytest.raises(TransitionError):
        decisions.schedule_request(weekend_request, by=neighborhood_services)
    assert PresentationRequest.objects.get().status == "pending_review"


def test_database_refuses_a_scheduled_weekend_request_without_approval(weekend_request):
    with pytest.raises(IntegrityError), transaction.atomic():
        PresentationRequest.objects.filter(pk=weekend_request.pk).update(status="scheduled")


def test_approved_weekend_request_is_scheduled_with_the_area_specialist(
    weekend_request, supervisor, neighborhood_services
):
    decisions.approve_weekend_request(weekend_request, by=supervisor)
    decisions.schedule_request(weekend_request, by=neighborhood_services)
    weekend_request.refresh_from_db()
    assert weekend_request.status == "scheduled"
    assert weekend_request.specialist.name == "Officer Aiko Tanaka"
    assert "Officer Aiko Tanaka" in mail.outbox[-1].body


def test_schedule_needs_neighborhood_services(area, supervisor):
    request = PresentationRequestFactory(area=area)
    with pytest.raises(TransitionError):
        decisions.schedule_request(request, by=supervisor)


def test_decline_needs_a_reason(area, neighborhood_services):
    request = PresentationRequestFactory(area=area)
    with pytest.raises(TransitionError):
        decisions.decline_request(request, by=neighborhood_services, reason="  ")
    decisions.decline_request(request, by=neighborhood_services, reason="Every officer is busy.")
    request.refresh_from_db()
    assert (request.status, request.decline_reason) == ("declined", "Every officer is busy.")
    assert "Every officer is busy." in mail.outbox[-1].body


def test_blocking_rule_needs_a_supervisor_exception_before_scheduling(
    area, supervisor, neighborhood_services
):
    request = PresentationRequestFactory(area=area)
    MajorEventFactory(name="Concert", start_date=request.date, end_date=request.date)
    with pytest.raises(TransitionError, match="exception"):
        decisions.schedule_request(request, by=neighborhood_services)
    with pytest.raises(TransitionError):
        decisions.accept_exception(request, by=neighborhood_services, reason="Small meeting")
    decisions.accept_exception(request, by=supervisor, reason="Small indoor meeting, 2 officers.")
    decisions.schedule_request(request, by=neighborhood_services)
    request.refresh_from_db()
    assert request.status == "scheduled"
    assert request.exception_accepted_by == supervisor
    [activity] = activity_of(request)
    assert (activity.kind, activity.done_by) == ("exception", supervisor)
    assert "Small indoor meeting" in activity.detail
    # The state history holds moves of state only.
    assert all(change.from_state != change.to_state for change in history_of(request))


def test_reschedule_bumps_the_sequence_and_rebooks(area, neighborhood_services, special_resources):
    request = PresentationRequestFactory(area=area, resources=[special_resources["k9"]])
    allocate_bookings(request)
    new_day = next_weekday(30)
    decisions.reschedule_request(
        request,
        by=neighborhood_services,
        date=new_day,
        start_time=request.start_time,
        end_time=request.end_time,
        location="New hall",
    )
    request.refresh_from_db()
    assert (request.date, request.location, request.sequence) == (new_day, "New hall", 1)
    states = sorted(request.bookings.values_list("state", flat=True))
    assert states == ["pending_preplanning", "released"]


def test_completed_only_after_scheduled(area, neighborhood_services):
    request = PresentationRequestFactory(area=area)
    with pytest.raises(TransitionError):
        decisions.complete_request(request, by=neighborhood_services)
    decisions.schedule_request(request, by=neighborhood_services)
    decisions.complete_request(request, by=neighborhood_services)
    assert PresentationRequest.objects.get().status == "completed"
