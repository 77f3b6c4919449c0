"""Every allowed move of a presentation or event request, and who may make it.

Each move names its permission (outreach/permissions.py); what the request itself must
satisfy (a weekend approval, no unexcused blocking rule) is a condition of the move, checked
by `Workflow.apply` whoever makes it.
"""

from django.utils.translation import gettext_lazy as _

from outreach import permissions  # noqa: F401  (registers the outreach rules)
from outreach.models import PresentationRequest, ResourceBooking
from outreach.permissions import allowed_by
from pasadena_pd.workflow import Condition, Transition, Workflow

Status = PresentationRequest.Status


def has_weekend_approval(request: PresentationRequest) -> bool:
    return bool(request.supervisor_approved_by_id and request.supervisor_approved_at)


def has_no_unexcused_blocking_rule(request: PresentationRequest) -> bool:
    from outreach.selectors import unexcused_blocking_findings

    return not unexcused_blocking_findings(request)


# Also a CheckConstraint: a weekend request is never scheduled without a recorded approval.
WEEKEND_APPROVED = Condition(
    lambda request: not request.is_weekend or has_weekend_approval(request),
    _("A weekend request needs a supervisor's approval first."),
)
RULES_PASS_OR_EXCUSED = Condition(
    has_no_unexcused_blocking_rule,
    _("This request breaks a rule; a supervisor must accept an exception first."),
)

_confirm = allowed_by("outreach.confirm_request")
_decline = allowed_by("outreach.decline_request")
_cancel = allowed_by("outreach.cancel_request")
# A moved weekend request is a new proposal: back to the supervisor.
_move = allowed_by("outreach.move_request")

REQUEST_WORKFLOW = Workflow(
    "status",
    name="outreach.request",
    transitions=[
        # The requester confirms the address (the emailed link): review starts then.
        Transition(Status.UNCONFIRMED, Status.PENDING_REVIEW, _confirm),
        Transition(Status.UNCONFIRMED, Status.AWAITING_SUPERVISOR_APPROVAL, _confirm),
        # A supervisor's approval of a weekend request sends it on to scheduling.
        Transition(
            Status.AWAITING_SUPERVISOR_APPROVAL,
            Status.PENDING_REVIEW,
            allowed_by("outreach.approve_weekend_request"),
        ),
        Transition(Status.AWAITING_SUPERVISOR_APPROVAL, Status.DECLINED, _decline, True),
        Transition(Status.AWAITING_SUPERVISOR_APPROVAL, Status.CANCELLED, _cancel),
        Transition(
            Status.PENDING_REVIEW,
            Status.SCHEDULED,
            allowed_by("outreach.schedule_request"),
            conditions=(WEEKEND_APPROVED, RULES_PASS_OR_EXCUSED),
        ),
        Transition(Status.PENDING_REVIEW, Status.DECLINED, _decline, True),
        Transition(Status.PENDING_REVIEW, Status.CANCELLED, _cancel),
        Transition(Status.PENDING_REVIEW, Status.AWAITING_SUPERVISOR_APPROVAL, _move),
        Transition(Status.SCHEDULED, Status.COMPLETED, allowed_by("outreach.complete_request")),
        Transition(Status.SCHEDULED, Status.CANCELLED, _cancel),
        Transition(Status.SCHEDULED, Status.AWAITING_SUPERVISOR_APPROVAL, _move),
    ],
)


Booking = ResourceBooking.State
_release = allowed_by("outreach.release_booking")

# A unit is booked when its request is submitted or moved, and released when the request is
# declined, cancelled or moved (by the system, as part of that decision).
BOOKING_WORKFLOW = Workflow(
    "state",
    name="outreach.booking",
    transitions=[
        Transition(
            Booking.PENDING_PREPLANNING, Booking.CONFIRMED, allowed_by("outreach.confirm_booking")
        ),
        Transition(Booking.PENDING_PREPLANNING, Booking.RELEASED, _release),
        Transition(Booking.CONFIRMED, Booking.RELEASED, _release),
    ],
)
