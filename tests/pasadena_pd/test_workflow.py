"""pasadena_pd/workflow.py: one door for every state change, over any model (a request here)."""

import pytest

from outreach.models import PresentationRequest
from pasadena_pd.workflow import (
    Condition,
    Transition,
    TransitionError,
    Workflow,
    history_of,
)
from tests.outreach.factories import PresentationRequestFactory

pytestmark = pytest.mark.django_db
Status = PresentationRequest.Status


def _anyone_named_staff(actor, record) -> bool:
    return getattr(actor, "username", "") == "staff"


class Actor:
    is_authenticated = False

    def __init__(self, username):
        self.username = username


STAFF, STRANGER = Actor("staff"), Actor("stranger")
NOT_TOO_BIG = Condition(lambda r: r.expected_attendance <= 100, "Too many people for this.")

WORKFLOW = Workflow(
    "status",
    [
        Transition(
            Status.PENDING_REVIEW, Status.SCHEDULED, _anyone_named_staff, False, (NOT_TOO_BIG,)
        ),
        Transition(Status.PENDING_REVIEW, Status.DECLINED, _anyone_named_staff, needs_reason=True),
    ],
)


def _stored_status(request):
    return PresentationRequest.objects.values_list("status", flat=True).get(pk=request.pk)


def test_an_allowed_move_saves_the_state_and_records_who_and_why():
    request = PresentationRequestFactory()
    WORKFLOW.apply(request, Status.SCHEDULED, by=STAFF, actor_label="staff", reason="Fits.")
    assert _stored_status(request) == Status.SCHEDULED
    [change] = history_of(request)
    assert (change.from_state, change.to_state, change.actor, change.reason) == (
        Status.PENDING_REVIEW,
        Status.SCHEDULED,
        "staff",
        "Fits.",
    )


@pytest.mark.parametrize(
    ("target", "by", "attendance", "reason", "message"),
    [
        (Status.COMPLETED, STAFF, 20, "", "cannot move from"),
        (Status.SCHEDULED, STRANGER, 20, "", "You do not have permission"),
        (Status.SCHEDULED, STAFF, 500, "", "Too many people for this."),
        (Status.DECLINED, STAFF, 20, "  ", "Please give a reason"),
    ],
)
def test_a_refused_move_changes_nothing(target, by, attendance, reason, message):
    request = PresentationRequestFactory(expected_attendance=attendance)
    with pytest.raises(TransitionError, match=message):
        WORKFLOW.apply(request, target, by=by, reason=reason)
    assert _stored_status(request) == Status.PENDING_REVIEW
    assert list(history_of(request)) == []


def test_targets_are_the_moves_this_actor_may_make_now():
    small, big = PresentationRequestFactory(), PresentationRequestFactory(expected_attendance=500)
    assert WORKFLOW.targets(small, STAFF) == [Status.SCHEDULED, Status.DECLINED]
    assert WORKFLOW.targets(big, STAFF) == [Status.DECLINED]
    assert WORKFLOW.targets(small, STRANGER) == []


def test_two_workflows_never_share_a_name(monkeypatch):
    # A registry of its own: the access matrix reads the real one.
    monkeypatch.setattr("pasadena_pd.workflow.WORKFLOWS", {})
    Workflow("status", [], name="tests.only-once")
    with pytest.raises(ValueError, match="two workflows"):
        Workflow("status", [], name="tests.only-once")
