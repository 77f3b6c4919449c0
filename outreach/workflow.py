"""Every allowed move of a presentation or event request, and who may make it."""

from outreach.models import PresentationRequest
from pasadena_pd.roles import EVENT_COORDINATORS, NEIGHBORHOOD_SERVICES, SUPERVISORS, has_role
from pasadena_pd.workflow import Transition, Workflow

Status = PresentationRequest.Status


def is_supervisor(user, obj=None) -> bool:
    return has_role(user, SUPERVISORS)


def is_neighborhood_services(user, obj=None) -> bool:
    return has_role(user, NEIGHBORHOOD_SERVICES)


def is_event_coordinator(user, obj=None) -> bool:
    return has_role(user, EVENT_COORDINATORS)


def can_review(user, obj=None) -> bool:
    return is_neighborhood_services(user) or is_supervisor(user)


def has_weekend_approval(request: PresentationRequest) -> bool:
    return bool(request.supervisor_approved_by_id and request.supervisor_approved_at)


def can_schedule(user, request: PresentationRequest) -> bool:
    # The weekend guard is here, in the service with a clear message, and in a
    # CheckConstraint: a weekend request is never scheduled without a recorded approval.
    return is_neighborhood_services(user) and (
        not request.is_weekend or has_weekend_approval(request)
    )


REQUEST_WORKFLOW = Workflow(
    "status",
    [
        # A supervisor's approval of a weekend request sends it on to scheduling.
        Transition(Status.AWAITING_SUPERVISOR_APPROVAL, Status.PENDING_REVIEW, is_supervisor),
        Transition(Status.AWAITING_SUPERVISOR_APPROVAL, Status.DECLINED, is_supervisor, True),
        Transition(Status.AWAITING_SUPERVISOR_APPROVAL, Status.CANCELLED),
        Transition(Status.PENDING_REVIEW, Status.SCHEDULED, can_schedule),
        Transition(Status.PENDING_REVIEW, Status.DECLINED, can_review, True),
        Transition(Status.PENDING_REVIEW, Status.CANCELLED),
        Transition(Status.SCHEDULED, Status.COMPLETED, is_neighborhood_services),
        Transition(Status.SCHEDULED, Status.CANCELLED),
    ],
)
