"""The one iCalendar (RFC 5545) writer shared by every feed.

A feed is a calendar head (name, time zone, refresh hints, URL back to the page) followed by
one VEVENT per item. Each app describes its items as `CalendarItem`s, plain values;
`render_item` writes one as bytes (cached by `pasadena_pd.ical_cache`) and
`assemble_calendar` joins the head and the cached bytes, so nothing unchanged is rebuilt.

Content lines are written here, as `NAME;PARAM=VALUE:value`, rather than through
`icalendar.Event` objects: building one typed icalendar value per property was two thirds
of a cold 5,000-event build. `icalendar` remains the reference: a property-based test
(tests/pasadena_pd/test_ical.py) checks that every line is the one icalendar writes for the
same values, and the time zone is icalendar's. Two independent parsers read every feed
back (tests/feeds/test_feed_parsers.py).
"""

import datetime
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from functools import cache

import icalendar
from django.utils import timezone

TZID = "America/Los_Angeles"
PRODID = "-//Pasadena Police Department//Community Services Section//EN"
# UIDs never depend on the host that served the feed, so the same item keeps its UID
# whether it was fetched from staging, production or a developer's laptop.
UID_DOMAIN = "community-services.pasadena-pd"
# Bump when the bytes of a component change for the same data (a new property, a fix):
# it is part of every cache key and ETag, so old cached components are never served.
FORMAT_VERSION = "3"
END_OF_CALENDAR = b"END:VCALENDAR\r\n"
LOS_ANGELES = zoneinfo.ZoneInfo(TZID)


def make_uid(kind: str, key: uuid.UUID) -> str:
    """A globally unique, stable UID: `<kind>-<uuid>@<domain>` (RFC 5545 3.8.4.7).

    `key` is the row's stored random UUID, never its id: ids repeat between installations
    (staging, production), and a subscriber's calendar would merge their items.
    """
    if not isinstance(key, uuid.UUID):
        raise TypeError(f"A calendar UID is made from a stored UUID, not {key!r}")
    return f"{kind}-{key}@{UID_DOMAIN}"


@dataclass(frozen=True)
class Override:
    """One occurrence of a weekly series that differs from the rule (RECURRENCE-ID)."""

    recurrence_id: datetime.datetime  # the start the rule gives this occurrence
    start: datetime.datetime
    end: datetime.datetime
    location: str = ""
    summary: str = ""
    cancelled: bool = False


@dataclass(frozen=True)
class CalendarItem:
    """What a VEVENT says, as plain values. Datetimes are aware; dates mean all-day."""

    uid: str
    sequence: int
    last_modified: datetime.datetime
    summary: str
    start: datetime.date | datetime.datetime
    end: datetime.date | datetime.datetime
    description: str = ""
    location: str = ""
    url: str = ""
    cancelled: bool = False
    # Not yet settled (a request nobody has reviewed, a resource still pending pre-planning).
    tentative: bool = False
    categories: tuple[str, ...] = ()
    contact: str = ""
    private: bool = False
    # Busy time for timed items; all-day blackout days do not block a subscriber's day.
    transparent: bool = False
    # A weekly series: the number of weeks, the ones dropped, added dates, the ones that
    # differ (see events.feeds.series).
    weekly_count: int = 0
    excluded: tuple[datetime.datetime, ...] = ()
    extra_dates: tuple[datetime.datetime, ...] = ()
    overrides: tuple[Override, ...] = field(default=())

    @property
    def status(self) -> str:
        if self.cancelled:
            return "CANCELLED"
        return "TENTATIVE" if self.tentative else "CONFIRMED"

    @classmethod
    def all_day(cls, *, first_day: datetime.date, last_day: datetime.date, **kwargs):
        # An all-day DTEND is exclusive (RFC 5545 3.6.1): a one-day event on Jan 1 ends on
        # Jan 2. Callers pass the inclusive last day; the + 1 lives only here.
        return cls(start=first_day, end=last_day + datetime.timedelta(days=1), **kwargs)


# --- Values (RFC 5545 3.3) -------------------------------------------------------------------

# C0 controls other than TAB (line breaks become escaped newlines) and DEL: RFC 5545 3.3.11
# allows none of them in TEXT, and some parsers stop at them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def text(value: object) -> str:
    """A TEXT value (RFC 5545 3.3.11): backslash, semicolon and comma escaped, and every
    line break (CRLF, CR, LF) one escaped `\\n`, so a title typed with a line break stays
    one value, never a new content line. Other control characters are dropped."""
    escaped = _CONTROL.sub("", str(value))
    escaped = escaped.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return escaped.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _is_ambiguous(local: datetime.datetime) -> bool:
    """Is this wall-clock time one of the fall-back Sunday's repeated hour (01:00-01:59)?"""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def _stamp(value: datetime.datetime, suffix: str = "") -> str:
    # %-formatting: three times faster than strftime, and there are 15,000 per 5,000 items.
    fields = (value.year, value.month, value.day, value.hour, value.minute, value.second)
    return "%04d%02d%02dT%02d%02d%02d" % fields + suffix  # noqa: UP031


def _utc(value: datetime.datetime) -> str:
    return _stamp(value.astimezone(datetime.UTC), "Z")


def moment(value: datetime.date | datetime.datetime) -> str:
    """`;PARAMS:value` of a DATE or DATE-TIME: local time with TZID, dates as VALUE=DATE.

    A time in the repeated hour of the fall-back Sunday is written in UTC instead: with a
    TZID, RFC 5545 3.3.5 reads it as the first of the two (daylight time), so the second
    01:30 would show an hour early.
    """
    if not isinstance(value, datetime.datetime):
        return f";VALUE=DATE:{value:%Y%m%d}"
    local = timezone.localtime(value, LOS_ANGELES)
    if _is_ambiguous(local):
        return f":{_utc(local)}"
    return f";TZID={TZID}:{_stamp(local)}"


def moments(values) -> str:
    """EXDATE/RDATE: one TZID per property, so a list with an ambiguous time is all UTC."""
    locals_ = [timezone.localtime(value, LOS_ANGELES) for value in values]
    if any(_is_ambiguous(local) for local in locals_):
        return ":" + ",".join(_utc(local) for local in locals_)
    return f";TZID={TZID}:" + ",".join(_stamp(local) for local in locals_)


# --- Lines ------------------------------------------------------------------------------------


def fold_line(line: str) -> bytes:
    """One content line as UTF-8, folded so that no line exceeds 75 octets (RFC 5545 3.1).

    Never inside a UTF-8 character, never between a backslash and the character it escapes
    (like icalendar), but on bytes rather than one character at a time.
    """
    raw = line.encode()
    if len(raw) <= 75:
        return raw
    parts, start, room = [], 0, 75
    while len(raw) - start > room:
        end = start + room
        while raw[end] & 0xC0 == 0x80:  # a UTF-8 continuation byte: back to its start
            end -= 1
        backslashes = 0
        while raw[end - 1 - backslashes] == 0x5C:
            backslashes += 1
        if backslashes % 2:  # the last backslash escapes the next character
            end -= 1
        parts.append(raw[start:end])
        start, room = end, 74  # a continuation line starts with one space
    parts.append(raw[start:])
    return b"\r\n ".join(parts)


def _join(lines: list[str]) -> bytes:
    encoded = [line.encode() for line in lines]
    folded = [raw if len(raw) <= 75 else fold_line(raw.decode()) for raw in encoded]
    return b"\r\n".join(folded) + b"\r\n"


def _common(item: CalendarItem) -> list[str]:
    # Without METHOD, DTSTAMP is when the item last changed in our store (RFC 5545 3.8.7.2):
    # the stored time keeps the bytes identical between builds.
    stamp = _utc(item.last_modified)
    return [
        f"UID:{text(item.uid)}",
        f"DTSTAMP:{stamp}",
        f"LAST-MODIFIED:{stamp}",
        f"SEQUENCE:{item.sequence}",
    ]


def _optional(item: CalendarItem, location: str) -> list[str]:
    lines = []
    if item.description:
        lines.append(f"DESCRIPTION:{text(item.description)}")
    if location:
        lines.append(f"LOCATION:{text(location)}")
    if item.url:
        lines.append(f"URL:{item.url}")
    if item.private:  # CLASS:PUBLIC is the default (RFC 5545 3.8.1.3)
        lines.append("CLASS:PRIVATE")
    return lines


def event_lines(item: CalendarItem) -> list[str]:
    """The master VEVENT of an item (without the overrides of a series)."""
    lines = ["BEGIN:VEVENT", *_common(item), f"SUMMARY:{text(item.summary)}"]
    lines += [f"DTSTART{moment(item.start)}", f"DTEND{moment(item.end)}"]
    if item.weekly_count > 0:
        lines.append(f"RRULE:FREQ=WEEKLY;COUNT={item.weekly_count}")
        if item.excluded:
            lines.append(f"EXDATE{moments(item.excluded)}")
        if item.extra_dates:
            lines.append(f"RDATE{moments(item.extra_dates)}")
    lines += _optional(item, item.location)
    if item.categories:
        lines.append("CATEGORIES:" + ",".join(text(name) for name in item.categories))
    if item.contact:
        lines.append(f"CONTACT:{text(item.contact)}")
    lines.append(f"STATUS:{item.status}")
    if item.transparent:  # TRANSP:OPAQUE (busy) is the default (RFC 5545 3.8.2.7)
        lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
    return lines


def override_lines(item: CalendarItem, override: Override) -> list[str]:
    """One differing occurrence of a series: same UID and SEQUENCE, its own RECURRENCE-ID."""
    lines = ["BEGIN:VEVENT", *_common(item), f"RECURRENCE-ID{moment(override.recurrence_id)}"]
    lines += [
        f"SUMMARY:{text(override.summary or item.summary)}",
        f"DTSTART{moment(override.start)}",
        f"DTEND{moment(override.end)}",
        *_optional(item, override.location or item.location),
        f"STATUS:{'CANCELLED' if override.cancelled else item.status}",
        "END:VEVENT",
    ]
    return lines


def render_item(item: CalendarItem) -> bytes:
    """The VEVENT(s) of one item: escaped, folded at 75 octets, UTF-8."""
    lines = event_lines(item)
    for override in item.overrides:
        lines += override_lines(item, override)
    return _join(lines)


# --- The calendar -----------------------------------------------------------------------------


@cache
def los_angeles_timezone_bytes() -> bytes:
    """VTIMEZONE for America/Los_Angeles with the US rules in force since 2007.

    Written as yearly RRULEs (the form Google, Apple and Outlook publish) rather than the
    dated list `Timezone.from_tzid` makes, which stops at a fixed year. The feeds hold the
    past 90 days and the future, so the 2007 rules cover every time they contain.
    """
    zone = icalendar.Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    for kind, name, offsets, start, month, day in [
        (icalendar.TimezoneDaylight, "PDT", (-8, -7), datetime.datetime(2007, 3, 11, 2), 3, "2SU"),
        (icalendar.TimezoneStandard, "PST", (-7, -8), datetime.datetime(2007, 11, 4, 2), 11, "1SU"),
    ]:
        part = kind()
        part.add("tzoffsetfrom", datetime.timedelta(hours=offsets[0]))
        part.add("tzoffsetto", datetime.timedelta(hours=offsets[1]))
        part.add("tzname", name)
        part.add("dtstart", start)
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": day})
        zone.add_component(part)
    return zone.to_ical()


@dataclass(frozen=True)
class CalendarMeta:
    """The calendar-level properties of one feed."""

    key: str  # stable feed identity, e.g. "events" or "area-northwest"
    name: str
    description: str
    page_url: str  # URL back to the page the feed belongs to
    source_url: str  # the feed's own address
    refresh: datetime.timedelta = datetime.timedelta(hours=1)


def calendar_head(meta: CalendarMeta) -> bytes:
    """BEGIN:VCALENDAR, its properties and the VTIMEZONE, without the closing line.

    Every text property is escaped TEXT: a calendar named after an event or a request
    carries whatever its title holds, commas and line breaks included.
    """
    refresh = icalendar.vDuration(meta.refresh).to_ical().decode()
    # The calendar's own UID (RFC 7986 5.3) names this feed at this address: a stable UUID
    # derived from its URL, which differs between installations and reveals nothing of it.
    feed_uid = uuid.uuid5(uuid.NAMESPACE_URL, meta.source_url)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{text(PRODID)}",
        "CALSCALE:GREGORIAN",
        f"UID:{feed_uid}",
        f"NAME:{text(meta.name)}",
        f"X-WR-CALNAME:{text(meta.name)}",
        f"X-WR-CALDESC:{text(meta.description)}",
        f"DESCRIPTION:{text(meta.description)}",
        f"X-WR-TIMEZONE:{TZID}",
        # How often clients should poll: RFC 7986 REFRESH-INTERVAL (which requires
        # VALUE=DURATION) and Microsoft's X-PUBLISHED-TTL, read by Outlook and Apple.
        f"REFRESH-INTERVAL;VALUE=DURATION:{refresh}",
        f"X-PUBLISHED-TTL:{refresh}",
        f"URL:{meta.page_url}",
        f"SOURCE;VALUE=URI:{meta.source_url}",
    ]
    return _join(lines) + los_angeles_timezone_bytes()


def assemble_calendar(meta: CalendarMeta, components) -> bytes:
    """The whole feed: the head, the already serialized components, the closing line."""
    return b"".join([calendar_head(meta), *components, END_OF_CALENDAR])
