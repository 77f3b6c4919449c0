"""Feeds read back by parsers independent of `icalendar` (our writer), as calendar apps do.

- `vobject`: the parser of Radicale, Calendar Server-era tools and many Python clients;
  it expands recurrences with dateutil but leaves RECURRENCE-ID overrides to the caller,
  as clients do.
- `ical`: a strict RFC 5545 parser with its own grammar and models (Home Assistant's
  calendar), which expands series with their overrides itself.

Each reader answers the calendar's name and every occurrence it sees, as
(summary, local start, local end) with times as ISO text in Los Angeles with their UTC
offset (so the two 01:30 of the fall-back Sunday differ) and all-day items as dates.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

import vobject
from ical.calendar_stream import IcsCalendarStream

LOS_ANGELES = zoneinfo.ZoneInfo("America/Los_Angeles")


@dataclass(frozen=True, order=True)
class Seen:
    summary: str
    start: str
    end: str
    status: str


@dataclass(frozen=True)
class Reading:
    name: str
    description: str
    occurrences: list[Seen]  # sorted


def local_text(value: datetime.date | datetime.datetime) -> str:
    if isinstance(value, datetime.datetime):
        return value.astimezone(LOS_ANGELES).isoformat()
    return value.isoformat()


def _seen(summary, start, end, status) -> Seen:
    return Seen(str(summary), local_text(start), local_text(end), str(status))


def read_with_vobject(raw: bytes) -> Reading:
    calendar = vobject.readOne(raw.decode("utf-8"))
    events = calendar.contents.get("vevent", [])
    overrides: dict[str, list] = {}
    for event in events:
        if "recurrence-id" in event.contents:
            overrides.setdefault(event.uid.value, []).append(event)
    occurrences = []
    for event in events:
        if "recurrence-id" in event.contents:
            continue
        status = event.status.value if "status" in event.contents else "CONFIRMED"
        length = event.dtend.value - event.dtstart.value
        replaced = overrides.get(event.uid.value, [])
        if "rrule" in event.contents or "rdate" in event.contents:
            moved = {override.recurrence_id.value for override in replaced}
            starts = [start for start in event.getrruleset(addRDate=True) if start not in moved]
        else:
            starts = [event.dtstart.value]
        occurrences += [_seen(event.summary.value, s, s + length, status) for s in starts]
        occurrences += [
            _seen(o.summary.value, o.dtstart.value, o.dtend.value, o.status.value) for o in replaced
        ]
    return Reading(
        name=calendar.contents["x-wr-calname"][0].value,
        description=calendar.contents["x-wr-caldesc"][0].value,
        occurrences=sorted(occurrences),
    )


def read_with_ical(raw: bytes) -> Reading:
    calendar = IcsCalendarStream.calendar_from_ics(raw.decode("utf-8"))
    occurrences = [
        _seen(event.summary, event.dtstart, event.dtend, event.status.value)
        for event in calendar.timeline_tz(LOS_ANGELES)
    ]
    return Reading(
        name=calendar.name[0],
        description=calendar.description,
        occurrences=sorted(occurrences),
    )


READERS = {"vobject": read_with_vobject, "ical": read_with_ical}
