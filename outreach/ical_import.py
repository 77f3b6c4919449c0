"""Import major events (blackout days) from an iCalendar file, such as a published football
season. Idempotent: each event is keyed by its UID, so a re-import updates in place."""

import datetime
import hashlib
from dataclasses import dataclass

import icalendar
from django.db import transaction
from django.utils.translation import gettext as _

from outreach.models import MajorEvent
from outreach.rules import LOCAL_TZ

MAX_EVENTS = 2000


class CalendarImportError(Exception):
    """The file is not an iCalendar file we can read; the message says why."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    removed: int = 0
    skipped: int = 0


def _external_uid(uid: str) -> str:
    key = f"ics:{uid}"
    if len(key) <= 255:
        return key
    return "ics-sha256:" + hashlib.sha256(uid.encode()).hexdigest()


def _local_day(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is None:  # floating time: read as local
            return value.date()
        return value.astimezone(LOCAL_TZ).date()
    return value


def days_of(event) -> tuple[datetime.date, datetime.date]:
    """First and last (inclusive) local days an event covers."""
    start = event.decoded("DTSTART")
    if "DTEND" in event:
        end = event.decoded("DTEND")
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    else:
        end = None
    first = _local_day(start)
    if end is None:
        return first, first
    if isinstance(end, datetime.datetime):
        # A timed event ending at midnight does not cover the next day.
        last = _local_day(end - datetime.timedelta(microseconds=1))
    else:
        # An all-day DTEND is exclusive: DTSTART 20260905, DTEND 20260906 is one day.
        last = end - datetime.timedelta(days=1)
    return first, max(first, last)


def parse_events(data: bytes) -> list[tuple[str, str, datetime.date, datetime.date, bool]]:
    try:
        calendar = icalendar.Calendar.from_ical(data)
    except (ValueError, IndexError, KeyError) as error:
        raise CalendarImportError(_("This file is not a calendar file (.ics).")) from error
    events = []
    for event in calendar.walk("VEVENT"):
        uid = str(event.get("UID", "")).strip()
        if not uid or "DTSTART" not in event:
            events.append(None)
            continue
        try:
            first, last = days_of(event)
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError):
            events.append(None)
            continue
        name = str(event.get("SUMMARY", "")).strip() or _("Major event")
        cancelled = str(event.get("STATUS", "")).upper() == "CANCELLED"
        events.append((uid, name[:200], first, last, cancelled))
        if len(events) > MAX_EVENTS:
            raise CalendarImportError(_("This file holds too many events."))
    return events


@transaction.atomic
def import_major_events(data: bytes) -> ImportResult:
    """Create or update one MajorEvent per event UID; a cancelled event removes its day."""
    result = ImportResult()
    for parsed in parse_events(data):
        if parsed is None:
            result.skipped += 1
            continue
        uid, name, first, last, cancelled = parsed
        external_uid = _external_uid(uid)
        if cancelled:
            deleted, _details = MajorEvent.objects.filter(external_uid=external_uid).delete()
            result.removed += deleted
            continue
        _event, created = MajorEvent.objects.update_or_create(
            external_uid=external_uid,
            defaults={
                "name": name,
                "start_date": first,
                "end_date": last,
                "source": MajorEvent.Source.IMPORTED,
            },
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
