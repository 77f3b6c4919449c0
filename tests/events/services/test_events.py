import datetime

import pytest
from django.core import mail

from events.errors import EventsError
from events.models import Registration
from events.services.events import apply_event_changes, cancel_event, create_weekly_sessions
from pasadena_pd.workflow import history_of
from tests.events.factories import EventFactory, RegistrationFactory, local_datetime

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
    assert notes == ["1 registrants were emailed."]


def test_a_new_description_changes_nothing_in_calendars():
    event = EventFactory()
    assert apply_event_changes(event, changed={"description"}) == []
    event.refresh_from_db()
    assert event.sequence == 0


def test_cancelling_an_event_keeps_the_reason_in_history_and_emails_registrants():
    event = EventFactory()
    RegistrationFactory(event=event, email="a@example.org")
    cancel_event(event, reason="Heat advisory")
    event.refresh_from_db()
    assert event.cancelled
    assert event.sequence == 1
    assert history_of(event).last().reason == "Heat advisory"
    assert "Cancelled" in mail.outbox[0].subject
    assert "Heat advisory" in mail.outbox[0].body


def test_cancelling_needs_a_reason():
    event = EventFactory()
    with pytest.raises(EventsError):
        cancel_event(event, reason="  ")


def test_weekly_sessions_keep_the_wall_clock_time_across_daylight_saving():
    # Oct 27, 2026 is before the November change; the 6:30 p.m. class stays at 6:30 p.m.
    first_day = datetime.date(2026, 10, 27)
    event = EventFactory(
        starts_at=local_datetime(first_day, 18, 30), ends_at=local_datetime(first_day, 21)
    )
    sessions = create_weekly_sessions(event)
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
        create_weekly_sessions(event)
