"""Staff decisions on a request. A decision that moves the request is checked by its
transition (outreach/workflow.py: the named rule and the move's conditions); one that does
not (an exception, a specialist, a move of date) asks its own rule (outreach/permissions.py).
Each saves, keeps the history and emails the requester."""

import datetime
import functools

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.bookings import allocate_bookings, release_bookings
from outreach.models import PresentationRequest
from outreach.permissions import can
from outreach.submission import send_decision_email
from outreach.workflow import REQUEST_WORKFLOW
from pasadena_pd.models import RecordActivity
from pasadena_pd.workflow import TransitionError, record_activity

Status = PresentationRequest.Status


def _locked(request: PresentationRequest) -> PresentationRequest:
    return PresentationRequest.objects.select_for_update().get(pk=request.pk)


def refreshes_caller_copy(service):
    """Services work on a locked copy of the row; afterwards (also after a refusal) the
    caller's copy is reloaded, so that whoever passed it in sees what the database holds."""

    @functools.wraps(service)
    def wrapper(request, *args, **kwargs):
        try:
            return service(request, *args, **kwargs)
        finally:
            if request.pk:
                request.refresh_from_db()

    return wrapper


@refreshes_caller_copy
def approve_weekend_request(request: PresentationRequest, *, by, note: str = "") -> None:
    """A supervisor approves a weekend request: records who and when, then it waits for
    Neighborhood Services to schedule it. Emails the requester."""
    with transaction.atomic():
        request = _locked(request)
        request.supervisor_approved_by = by
        request.supervisor_approved_at = timezone.now()
        REQUEST_WORKFLOW.apply(
            request,
            Status.PENDING_REVIEW,
            by=by,
            reason=note or _("Weekend event approved by a supervisor."),
            update_fields=["supervisor_approved_by", "supervisor_approved_at"],
        )
    send_decision_email(request)


@refreshes_caller_copy
def accept_exception(request: PresentationRequest, *, by, reason: str) -> None:
    """A supervisor accepts an exception to the blocking rules, with a written reason kept
    in the request and its history. The state does not change."""
    if not can(by, "outreach.accept_exception", request):
        raise TransitionError(_("Only a supervisor can accept an exception to the rules."))
    if not reason.strip():
        raise TransitionError(_("Please give a reason for the exception."))
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise TransitionError(_("This request is closed."))
        request.exception_accepted_by = by
        request.exception_accepted_at = timezone.now()
        request.exception_reason = reason.strip()
        request.save(
            update_fields=[
                "exception_accepted_by",
                "exception_accepted_at",
                "exception_reason",
                "updated_at",
            ]
        )
        record_activity(
            request,
            RecordActivity.Kind.EXCEPTION,
            by=by,
            detail=_("Exception to the rules accepted: %(reason)s") % {"reason": reason},
        )


@refreshes_caller_copy
def assign_specialist(request: PresentationRequest, *, by, specialist=None) -> None:
    """Neighborhood Services assigns a specialist (by default the area's). Kept in history."""
    if not can(by, "outreach.assign_specialist", request):
        raise TransitionError(_("Only Neighborhood Services assigns specialists."))
    specialist = specialist or getattr(request.area, "specialist", None)
    if specialist is None:
        raise TransitionError(_("This area has no specialist yet."))
    with transaction.atomic():
        request = _locked(request)
        request.specialist = specialist
        request.save(update_fields=["specialist", "updated_at"])
        record_activity(
            request,
            RecordActivity.Kind.ASSIGNED,
            by=by,
            detail=_("Assigned to %(specialist)s.") % {"specialist": specialist.name},
        )


@refreshes_caller_copy
def schedule_request(request: PresentationRequest, *, by) -> None:
    """Neighborhood Services schedules a reviewed request (assigning the area's specialist
    if nobody is assigned). A weekend request needs a recorded supervisor approval; a
    request that breaks a blocking rule needs an accepted exception. Emails the requester."""
    with transaction.atomic():
        request = _locked(request)
        fields = []
        if request.specialist_id is None and getattr(request.area, "specialist", None):
            request.specialist = request.area.specialist
            fields.append("specialist")
        REQUEST_WORKFLOW.apply(request, Status.SCHEDULED, by=by, update_fields=fields)
    send_decision_email(request)


@refreshes_caller_copy
def decline_request(request: PresentationRequest, *, by, reason: str) -> None:
    """Decline with a reason the requester sees; frees the request's resources."""
    with transaction.atomic():
        request = _locked(request)
        request.decline_reason = reason.strip()
        REQUEST_WORKFLOW.apply(
            request,
            Status.DECLINED,
            by=by,
            reason=reason.strip(),
            update_fields=["decline_reason"],
        )
        release_bookings(request, reason=_("The request was declined."))
    send_decision_email(request)


@refreshes_caller_copy
def complete_request(request: PresentationRequest, *, by) -> None:
    """Mark a scheduled request as held. No email: the requester was there."""
    with transaction.atomic():
        REQUEST_WORKFLOW.apply(_locked(request), Status.COMPLETED, by=by)


@refreshes_caller_copy
def reschedule_request(
    request: PresentationRequest,
    *,
    by,
    date: datetime.date,
    start_time: datetime.time,
    end_time: datetime.time,
    location: str,
) -> None:
    """Neighborhood Services moves an open request: new window, resources re-booked,
    calendar sequence + 1, history and an email. Raises ResourceUnavailable (nothing saved)
    when a resource has no free unit at the new time."""
    if not can(by, "outreach.move_request", request):
        raise TransitionError(_("Only Neighborhood Services can move a request."))
    if end_time <= start_time:
        raise TransitionError(_("The end time must be later than the start time."))
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise TransitionError(_("This request is closed."))
        if (date.weekday() >= 5) != request.is_weekend:
            raise TransitionError(
                _("A request cannot move between a weekday and a weekend; ask for a new one.")
            )
        request.date, request.start_time, request.end_time = date, start_time, end_time
        request.location = location
        request.sequence += 1
        request.save(
            update_fields=["date", "start_time", "end_time", "location", "sequence", "updated_at"]
        )
        release_bookings(request, reason=_("The request was moved."))
        allocate_bookings(request)
        record_activity(
            request, RecordActivity.Kind.MOVED, by=by, detail=_("Date, time or place changed.")
        )
    send_decision_email(request)
