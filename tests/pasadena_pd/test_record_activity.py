"""The history of what is done to a record without moving its state (RecordActivity), and
the migration that moved such entries out of the state history."""

import importlib

import pytest
from django.apps import apps

from pasadena_pd.models import RecordActivity, StateChange
from pasadena_pd.workflow import activity_of, history_of, record_activity, record_state_change
from tests.factories import UserFactory
from tests.outreach.factories import PresentationRequestFactory

pytestmark = pytest.mark.django_db
migration = importlib.import_module("pasadena_pd.migrations.0006_record_activity")


def test_record_activity_keeps_who_what_and_leaves_the_state_history_alone():
    request = PresentationRequestFactory()
    supervisor = UserFactory(username="sup")
    record_activity(request, RecordActivity.Kind.NOTE, by=supervisor, detail="Called the host.")
    [activity] = activity_of(request)
    assert (activity.kind, activity.detail, activity.actor) == ("note", "Called the host.", "sup")
    assert not history_of(request).exists()


def test_migration_moves_same_state_entries_to_the_activity():
    request = PresentationRequestFactory()
    staff = UserFactory(username="nsu")
    record_state_change(request, "", "pending_review", actor_label="requester")
    for reason in (
        "Assigned to Officer Aiko Tanaka.",
        "Exception to the rules accepted: small meeting",
        "Date, time or place changed.",
        "Something else",
    ):
        record_state_change(request, "pending_review", "pending_review", by=staff, reason=reason)

    migration.move_non_state_entries(apps, None)

    assert [(c.from_state, c.to_state) for c in history_of(request)] == [("", "pending_review")]
    assert [(a.kind, a.done_by) for a in activity_of(request)] == [
        ("assigned", staff),
        ("exception", staff),
        ("moved", staff),
        ("note", staff),
    ]

    migration.restore_non_state_entries(apps, None)
    assert (
        StateChange.objects.filter(from_state="pending_review", to_state="pending_review").count()
        == 4
    )
