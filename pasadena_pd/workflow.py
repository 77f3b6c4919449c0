"""Workflows as explicit states with every allowed move in one table.

Each stateful model declares one `Workflow` beside its states; every change of state goes
through `Workflow.apply`, which checks the move and the actor's permission, saves, and records
a `StateChange`. Nothing else assigns the state field. What is done to a record without
moving its state (a new date, an exception, an assignment) is a `RecordActivity`
(`record_activity`), never a StateChange from a state to itself.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils.translation import gettext as _

from pasadena_pd.models import RecordActivity, StateChange

Permission = Callable[[object, object], bool]  # (user or None, obj) -> allowed?


class TransitionError(Exception):
    """A move that the workflow does not allow; the message is for the person who tried."""


@dataclass(frozen=True)
class Condition:
    """What the record itself must satisfy for a move, whoever makes it; `message` tells
    the person who tried why not (a weekend request without a supervisor's approval...)."""

    holds: Callable[[object], bool]
    message: str


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    # Who may make the move: `(actor, record) -> bool`, always named (no move is open to
    # "anyone"). Actors are users, or the named non-users of the permission modules (a
    # link holder, the system).
    permission: Permission
    needs_reason: bool = False
    conditions: tuple[Condition, ...] = ()

    def allows(self, actor, obj) -> bool:
        """May this actor make this move (the permission alone, not the conditions)?"""
        return bool(self.permission(actor, obj))

    def unmet(self, obj) -> list[str]:
        return [str(condition.message) for condition in self.conditions if not condition.holds(obj)]


# Every named workflow, by name ("outreach.request"): the access matrix iterates them.
WORKFLOWS: dict[str, "Workflow"] = {}


class Workflow:
    def __init__(self, field: str, transitions: Iterable[Transition], *, name: str = ""):
        self.field = field
        self.name = name
        # (source, target) -> Transition: the whole table, for tests and the access matrix.
        self.transitions = {(t.source, t.target): t for t in transitions}
        if name:
            if name in WORKFLOWS:
                raise ValueError(f"two workflows named {name!r}")
            WORKFLOWS[name] = self

    def __repr__(self) -> str:
        return f"Workflow({self.name or self.field!r})"

    def current(self, obj) -> str:
        return getattr(obj, self.field)

    def can_move(self, obj, target: str, user=None) -> bool:
        transition = self.transitions.get((self.current(obj), target))
        if transition is None:
            return False
        return transition.allows(user, obj) and not transition.unmet(obj)

    def targets(self, obj, user=None) -> list[str]:
        return [
            t
            for (s, t) in self.transitions
            if s == self.current(obj) and self.can_move(obj, t, user)
        ]

    def apply(
        self,
        obj,
        target: str,
        *,
        by=None,
        actor_label: str = "",
        reason: str = "",
        update_fields: Iterable[str] = (),
    ) -> StateChange:
        """Move `obj` to `target`, save it and record who, when, from, to and why.

        Raises TransitionError when the move is not in the table, the actor lacks the
        permission, a condition of the move is not met, or a reason is required and missing.
        """
        source = self.current(obj)
        transition = self.transitions.get((source, target))
        if transition is None:
            raise TransitionError(
                _("This cannot move from “%(source)s” to “%(target)s”.")
                % {"source": source, "target": target}
            )
        if not transition.allows(by, obj):
            raise TransitionError(_("You do not have permission to make this change."))
        unmet = transition.unmet(obj)
        if unmet:
            raise TransitionError(" ".join(unmet))
        if transition.needs_reason and not reason.strip():
            raise TransitionError(_("Please give a reason for this change."))
        with transaction.atomic():
            setattr(obj, self.field, target)
            fields = {self.field, *update_fields}
            if hasattr(obj, "updated_at"):
                fields.add("updated_at")
            obj.save(update_fields=sorted(fields))
            return record_state_change(
                obj, source, target, by=by, actor_label=actor_label, reason=reason
            )


def record_state_change(obj, source, target, *, by=None, actor_label="", reason="") -> StateChange:
    """Record a move (also the first state on creation, with an empty source)."""
    return StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        from_state=source or "",
        to_state=target,
        changed_by=by if getattr(by, "is_authenticated", False) else None,
        actor_label=actor_label,
        reason=reason,
    )


def history_of(obj):
    return StateChange.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("changed_by")


def record_activity(obj, kind: str, *, by=None, actor_label: str = "", detail: str = ""):
    """Record something done to `obj` that does not move its state (a move of date, an
    exception, an assignment, a note): who, when, what."""
    return RecordActivity.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        kind=kind,
        detail=detail,
        done_by=by if getattr(by, "is_authenticated", False) else None,
        actor_label=actor_label or getattr(by, "label", ""),
    )


def activity_of(obj):
    return RecordActivity.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("done_by")
