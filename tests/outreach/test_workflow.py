"""outreach/workflow.py: the table of a request's moves and a booking's."""

import pytest
from django.utils import timezone

from outreach.models import PresentationRequest, ResourceBooking
from outreach.workflow import BOOKING_WORKFLOW, REQUEST_WORKFLOW, WEEKEND_APPROVED
from tests.outreach.factories import PresentationRequestFactory, next_weekday

Status = PresentationRequest.Status


def test_closed_requests_and_released_bookings_never_move_again():
    sources = {source for source, _ in REQUEST_WORKFLOW.transitions}
    assert sources.isdisjoint({Status.DECLINED, Status.CANCELLED, Status.COMPLETED})
    assert ResourceBooking.State.RELEASED not in {s for s, _ in BOOKING_WORKFLOW.transitions}


def test_only_a_decline_needs_a_reason():
    needing = {target for (_, target), t in REQUEST_WORKFLOW.transitions.items() if t.needs_reason}
    assert needing == {Status.DECLINED}


def test_scheduling_is_the_only_move_with_conditions():
    conditioned = [key for key, t in REQUEST_WORKFLOW.transitions.items() if t.conditions]
    assert conditioned == [(Status.PENDING_REVIEW, Status.SCHEDULED)]


@pytest.mark.django_db
def test_a_weekend_request_is_scheduled_only_after_a_supervisors_approval(supervisor):
    weekend = PresentationRequestFactory(
        date=next_weekday(40, weekend=True), start_time="10:00", end_time="15:00"
    )
    assert WEEKEND_APPROVED.holds(weekend) is False
    weekend.supervisor_approved_by = supervisor
    weekend.supervisor_approved_at = timezone.now()
    assert WEEKEND_APPROVED.holds(weekend) is True


@pytest.mark.django_db
def test_a_weekday_request_needs_no_approval():
    assert WEEKEND_APPROVED.holds(PresentationRequestFactory(date=next_weekday(20))) is True
