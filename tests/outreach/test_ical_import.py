import datetime

import pytest

from outreach.ical_import import CalendarImportError, import_major_events
from outreach.models import MajorEvent

pytestmark = pytest.mark.django_db

SEASON = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Example//Football//EN
BEGIN:VEVENT
UID:game-1@example.org
SUMMARY:UCLA vs. Stanford
DTSTART;VALUE=DATE:20270918
DTEND;VALUE=DATE:20270919
END:VEVENT
BEGIN:VEVENT
UID:game-2@example.org
SUMMARY:UCLA vs. USC
DTSTART:20271002T023000Z
DTEND:20271002T060000Z
END:VEVENT
BEGIN:VEVENT
UID:festival@example.org
SUMMARY:Three-day festival
DTSTART;VALUE=DATE:20270612
DTEND;VALUE=DATE:20270615
END:VEVENT
BEGIN:VEVENT
SUMMARY:No UID, skipped
DTSTART;VALUE=DATE:20270701
END:VEVENT
END:VCALENDAR
"""


def stored():
    return {
        e.external_uid: (e.name, e.start_date, e.end_date, e.source)
        for e in MajorEvent.objects.all()
    }


def test_import_creates_whole_local_days():
    result = import_major_events(SEASON)
    assert (result.created, result.updated, result.skipped) == (3, 0, 1)
    events = stored()
    # All-day DTEND is exclusive: one day.
    assert events["ics:game-1@example.org"][1:3] == (
        datetime.date(2027, 9, 18),
        datetime.date(2027, 9, 18),
    )
    # 02:30 UTC on Oct 2 is the evening of Oct 1 in Pasadena.
    assert events["ics:game-2@example.org"][1:3] == (
        datetime.date(2027, 10, 1),
        datetime.date(2027, 10, 1),
    )
    assert events["ics:festival@example.org"][1:3] == (
        datetime.date(2027, 6, 12),
        datetime.date(2027, 6, 14),
    )
    assert {event[3] for event in events.values()} == {"imported"}


def test_reimport_is_idempotent_and_updates_in_place():
    import_major_events(SEASON)
    moved = SEASON.replace(b"20270918", b"20270925").replace(b"20270919", b"20270926")
    result = import_major_events(moved)
    assert (result.created, result.updated) == (0, 3)
    assert MajorEvent.objects.count() == 3
    assert stored()["ics:game-1@example.org"][1] == datetime.date(2027, 9, 25)


def test_cancelled_event_is_removed_on_reimport():
    import_major_events(SEASON)
    cancelled = SEASON.replace(
        b"SUMMARY:UCLA vs. Stanford", b"SUMMARY:UCLA vs. Stanford\nSTATUS:CANCELLED"
    )
    result = import_major_events(cancelled)
    assert result.removed == 1
    assert "ics:game-1@example.org" not in stored()


@pytest.mark.parametrize("data", [b"", b"not a calendar", b"BEGIN:VCALENDAR\nBEGIN:VEVENT"])
def test_garbage_is_refused_with_a_message(data):
    with pytest.raises(CalendarImportError):
        import_major_events(data)
    assert MajorEvent.objects.count() == 0
