"""Staff decisions on a request. A decision that moves the request is checked by its
transition (outreach/workflow.py: the named rule and the move's conditions); one that does
not (an exception, a specialist, a move of date) asks its own rule (outreach/permissions.py).
Each saves, keeps the history and emails the requester."""

import datetime
import functools
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from outreach import selectors
from outreach.models import PresentationRequest
from outreach.permissions import can
from outreach.services.bookings import allocate_bookings, release_bookings
from outreach.services.submission import send_decision_email, send_move_email
from outreach.workflow import REQUEST_WORKFLOW
from pasadena_pd.models import RecordActivity
from pasadena_pd.rules import is_weekend
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
    """A supervisor accepts an exception to the rules the request breaks today, for its
    current day, with a written reason. The exception names those rule codes and that day:
    it lapses when the request moves to another day, and excuses no other rule. Kept in the
    request and its activity. The state does not change."""
    if not can(by, "outreach.accept_exception", request):
        raise TransitionError(_("Only a supervisor can accept an exception to the rules."))
    if not reason.strip():
        raise TransitionError(_("Please give a reason for the exception."))
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise TransitionError(_("This request is closed."))
        blocking = [f for f in selectors.findings_for_request(request) if f.blocking]
        if not blocking:
            raise TransitionError(_("This request breaks no rule: there is nothing to excuse."))
        request.exception_accepted_by = by
        request.exception_accepted_at = timezone.now()
        request.exception_reason = reason.strip()
        request.exception_date = request.date
        request.exception_rule_codes = sorted({finding.code for finding in blocking})
        request.save(
            update_fields=[
                "exception_accepted_by",
                "exception_accepted_at",
                "exception_reason",
                "exception_date",
                "exception_rule_codes",
                "updated_at",
            ]
        )
        record_activity(
            request,
            RecordActivity.Kind.EXCEPTION,
            by=by,
            detail=_("Exception for %(day)s to: %(rules)s Reason: %(reason)s")
            % {
                "day": date_format(request.date, "DATE_FORMAT"),
                "rules": " ".join(finding.message for finding in blocking),
                "reason": reason.strip(),
            },
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


class Window(NamedTuple):
    """Where and when a request takes place."""

    date: datetime.date
    start_time: datetime.time
    end_time: datetime.time
    location: str

    @property
    def when(self) -> tuple:
        return (self.date, self.start_time, self.end_time)

    def __str__(self) -> str:
        return _("%(day)s, %(start)s to %(end)s, at %(location)s") % {
            "day": date_format(self.date, "DATE_FORMAT"),
            "start": time_format(self.start_time, "TIME_FORMAT"),
            "end": time_format(self.end_time, "TIME_FORMAT"),
            "location": self.location,
        }


class MoveRefused(TransitionError):
    """The new day or times break a rule (judged as of the day of the move)."""

    def __init__(self, findings):
        self.findings = findings
        super().__init__(
            _("Not moved: %(rules)s") % {"rules": " ".join(f.message for f in findings)}
        )


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
    """Neighborhood Services moves an open request.

    A new day or new times are a new proposal: the rules run again as of today (notice
    counts from today), an exception for another day lapses, and a weekend request goes
    back to a supervisor for approval. Side effects: the resources re-booked, calendar
    sequence + 1, the move in the request's activity, and an email to the requester with
    the old and new day, times and place. A new place alone changes only the place.

    Raises MoveRefused when a rule blocks, ResourceUnavailable when a resource has no free
    unit at the new time, TransitionError otherwise; nothing is saved then.
    """
    if not can(by, "outreach.move_request", request):
        raise TransitionError(_("Only Neighborhood Services can move a request."))
    if end_time <= start_time:
        raise TransitionError(_("The end time must be later than the start time."))
    with transaction.atomic():
        request = _locked(request)
        if not request.is_open:
            raise TransitionError(_("This request is closed."))
        if is_weekend(date) != request.is_weekend:
            raise TransitionError(
                _("A request cannot move between a weekday and a weekend; ask for a new one.")
            )
        before = Window(request.date, request.start_time, request.end_time, request.location)
        after = Window(date, start_time, end_time, location)
        if after == before:
            return
        request.date, request.start_time, request.end_time, request.location = after
        request.sequence += 1
        fields = ["date", "start_time", "end_time", "location", "sequence", "updated_at"]
        if after.when != before.when:
            fields += _as_a_new_proposal(request, by=by)
        request.save(update_fields=fields)
        if after.when != before.when:
            release_bookings(request, reason=_("The request was moved."))
            allocate_bookings(request)
            if request.is_weekend and request.status != Status.AWAITING_SUPERVISOR_APPROVAL:
                request.supervisor_approved_by = None
                request.supervisor_approved_at = None
                REQUEST_WORKFLOW.apply(
                    request,
                    Status.AWAITING_SUPERVISOR_APPROVAL,
                    by=by,
                    reason=_("Moved: a weekend request needs a supervisor's approval again."),
                    update_fields=["supervisor_approved_by", "supervisor_approved_at"],
                )
        record_activity(
            request,
            RecordActivity.Kind.MOVED,
            by=by,
            detail=_("Was: %(before)s. Now: %(after)s.") % {"before": before, "after": after},
        )
    send_move_email(request, before=before, after=after)


def _as_a_new_proposal(request: PresentationRequest, *, by) -> list[str]:
    """Judge the moved request as if proposed today; returns the fields it changed.

    An exception for another day lapses (kept in the activity). Raises MoveRefused when a
    rule blocks that the exception, if it still holds, does not excuse.
    """
    fields = ["proposed_on"]
    request.proposed_on = timezone.localdate()
    if request.exception_date is not None and request.exception_date != request.date:
        record_activity(
            request,
            RecordActivity.Kind.EXCEPTION,
            by=by,
            detail=_("The exception for %(day)s lapsed: the request moved to another day.")
            % {"day": date_format(request.exception_date, "DATE_FORMAT")},
        )
        request.exception_accepted_by = request.exception_accepted_at = None
        request.exception_date = None
        request.exception_reason = ""
        request.exception_rule_codes = []
        fields += [
            "exception_accepted_by",
            "exception_accepted_at",
            "exception_reason",
            "exception_date",
            "exception_rule_codes",
        ]
    blocking = selectors.unexcused_blocking_findings(request)
    if blocking:
        raise MoveRefused(blocking)
    return fields
