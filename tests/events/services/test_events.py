import datetime

import pytest
from django.core import mail

from events.errors import EventsError
from events.models import Event, Registration
from events.services.events import (
    apply_event_changes,
    cancel_event,
    complete_past_events,
    create_weekly_sessions,
)
from pasadena_pd.roles import NEIGHBORHOOD_SERVICES
from pasadena_pd.workflow import history_of
from tests.events.factories import EventFactory, RegistrationFactory, local_datetime
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_new_time_raises_the_sequence_and_tells_registrants():
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    notes = apply_event_changes(event, changed={"starts_at"})
    event.refresh_from_db()
    assert event.sequence == 1
    assert [m.to for m in mail.outbox] == [["a@example.org"]]
    assert "New time or place" in mail.outbox[0].subject
    assert notes == ["1 registrant was emailed."]


def test_a_new_description_changes_nothing_in_calendars():
    event = EventFactory()
    assert apply_event_changes(event, changed={"description"}) == []
    event.refresh_from_db()
    assert event.sequence == 0


def test_cancelling_an_event_keeps_the_reason_in_history_and_emails_registrants(coordinator):
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    cancel_event(event, reason="Heat advisory", by=coordinator)
    event.refresh_from_db()
    assert event.cancelled
    assert event.sequence == 1
    assert history_of(event).last().reason == "Heat advisory"
    assert "Cancelled" in mail.outbox[0].subject
    assert "Heat advisory" in mail.outbox[0].body


def test_cancelling_needs_a_reason(coordinator):
    event = EventFactory()
    with pytest.raises(EventsError):
        cancel_event(event, reason="  ", by=coordinator)


def test_weekly_sessions_keep_the_wall_clock_time_across_daylight_saving(coordinator):
    # Oct 27, 2026 is before the November change; the 6:30 p.m. class stays at 6:30 p.m.
    first_day = datetime.date(2026, 10, 27)
    event = EventFactory(
        starts_at=local_datetime(first_day, 18, 30), ends_at=local_datetime(first_day, 21)
    )
    sessions = create_weekly_sessions(event, by=coordinator)
    assert len(sessions) == 8
    assert sessions[-1].starts_at == local_datetime(first_day + datetime.timedelta(weeks=7), 18, 30)
    # Real elapsed time (in UTC: same-zone subtraction in Python ignores the offsets).
    elapsed = sessions[1].starts_at.astimezone(datetime.UTC) - sessions[0].starts_at.astimezone(
        datetime.UTC
    )
    assert elapsed == datetime.timedelta(days=7, hours=1)
    event.refresh_from_db()
    assert event.ends_at == sessions[-1].ends_at
    with pytest.raises(EventsError, match="already has sessions"):
        create_weekly_sessions(event, by=coordinator)


def test_a_view_only_role_cannot_create_weekly_sessions(staff_roles):
    """Reproduction 2 of issue 13, at the service: nothing changes, no sessions."""
    viewer = UserFactory(roles=[NEIGHBORHOOD_SERVICES])
    event = EventFactory()
    ends_at = event.ends_at
    with pytest.raises(EventsError, match="permission"):
        create_weekly_sessions(event, by=viewer)
    event.refresh_from_db()
    assert (event.sessions.count(), event.ends_at, event.sequence) == (0, ends_at, 0)


def test_only_a_coordinator_cancels_an_event(staff_roles):
    viewer = UserFactory(roles=[NEIGHBORHOOD_SERVICES])
    event = EventFactory()
    RegistrationFactory(event=event)
    with pytest.raises(EventsError, match="permission"):
        cancel_event(event, reason="Not mine to cancel", by=viewer)
    event.refresh_from_db()
    assert (event.status, event.cancellation_reason, event.sequence) == ("scheduled", "", 0)
    assert mail.outbox == []
    assert not history_of(event).exists()


def test_a_cancelled_event_cannot_be_cancelled_again(coordinator):
    event = EventFactory()
    cancel_event(event, reason="Rain", by=coordinator)
    with pytest.raises(EventsError, match="already cancelled"):
        cancel_event(event, reason="Rain again", by=coordinator)
    assert history_of(event).count() == 1


def test_the_daily_job_completes_ended_events_only(today):
    today("2027-03-10 09:00")
    ended = EventFactory(
        starts_at=local_datetime(datetime.date(2027, 3, 9), 18),
        ends_at=local_datetime(datetime.date(2027, 3, 9), 19),
    )
    cancelled = EventFactory(
        starts_at=local_datetime(datetime.date(2027, 3, 8), 18),
        ends_at=local_datetime(datetime.date(2027, 3, 8), 19),
        status="cancelled",
        cancellation_reason="Rain",
    )
    upcoming = EventFactory(
        starts_at=local_datetime(datetime.date(2027, 3, 10), 18),
        ends_at=local_datetime(datetime.date(2027, 3, 10), 19),
    )
    assert complete_past_events() == 1
    assert complete_past_events() == 0
    statuses = {e.pk: e.status for e in Event.objects.all()}
    assert statuses == {ended.pk: "completed", cancelled.pk: "cancelled", upcoming.pk: "scheduled"}
    [move] = history_of(ended)
    assert (move.from_state, move.to_state, move.actor) == ("scheduled", "completed", "system")
