"""iCalendar (RFC 5545) building blocks shared by every feed, on top of `icalendar`.

A feed is a calendar head (name, time zone, refresh hints, URL back to the page) followed by
one serialized component per item. Items are described by `CalendarItem`, a plain value
built by each app's feed code; `render_item` turns one into VEVENT bytes (cached by
`pasadena_pd.ical_cache`), and `assemble_calendar` joins the head and the cached bytes, so
that nothing unchanged is rebuilt. `conditional_response` answers conditional GETs first.
"""

import datetime
import hashlib
import re
import uuid
import zoneinfo
from dataclasses import dataclass, field
from functools import cache

import icalendar
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

TZID = "America/Los_Angeles"
PRODID = "-//Pasadena Police Department//Community Services Section//EN"
# UIDs never depend on the host that served the feed, so the same item keeps its UID
# whether it was fetched from staging, production or a developer's laptop.
UID_DOMAIN = "community-services.pasadena-pd"
CONTENT_TYPE = "text/calendar; charset=utf-8"
# Bump when the bytes of a component change for the same data (a new property, a fix):
# it is part of every cache key and ETag, so old cached components are never served.
FORMAT_VERSION = "2"
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


# C0 controls other than TAB (and the line breaks handled below) and DEL: RFC 5545 3.3.11
# allows none of them in TEXT, and some parsers stop at them.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value: object) -> str:
    """Text as iCalendar may hold it: every line break (CRLF, CR, LF) a plain LF, which
    `vText` escapes as `\\n`, and no other control character. A title typed with a line
    break (or pasted with a bare CR) then stays one escaped value, never a new line."""
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", text)


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
    # differ (see pasadena_pd.ical_series).
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


def _is_ambiguous(local: datetime.datetime) -> bool:
    """Is this wall-clock time one of the fall-back Sunday's repeated hour (01:00-01:59)?"""
    return local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset()


def _local(value):
    """Datetimes in the feed's zone (so they carry TZID); dates stay dates.

    A time in the repeated hour of the fall-back Sunday is written in UTC instead: with a
    TZID, RFC 5545 3.3.5 reads it as the first of the two (daylight time), so the second
    01:30 would show an hour early.
    """
    if isinstance(value, datetime.datetime):
        local = timezone.localtime(value, LOS_ANGELES)
        return _utc(local) if _is_ambiguous(local) else local
    return value


def _moments(values) -> icalendar.vDDDLists:
    """EXDATE/RDATE: one TZID per property, so a list with an ambiguous time is all UTC."""
    locals_ = [timezone.localtime(value, LOS_ANGELES) for value in values]
    if any(_is_ambiguous(local) for local in locals_):
        return icalendar.vDDDLists([_utc(local) for local in locals_])
    return icalendar.vDDDLists(locals_)


def _utc(value: datetime.datetime) -> datetime.datetime:
    return value.astimezone(datetime.UTC).replace(microsecond=0)


# Properties are set as typed icalendar values (vText, vDDDTypes...) rather than through
# `Component.add`, which infers the type of every value: a third of the cost of a build.
Moment = icalendar.vDDDTypes


def Text(value) -> icalendar.vText:  # noqa: N802 (reads like the icalendar type it makes)
    return icalendar.vText(clean_text(value))


def _common(event: icalendar.Event, item: CalendarItem) -> None:
    event["UID"] = Text(item.uid)
    # Without METHOD, DTSTAMP is when the item last changed in our store (RFC 5545 3.8.7.2);
    # using the stored time keeps the bytes identical between builds.
    stamp = Moment(_utc(item.last_modified))
    event["DTSTAMP"] = stamp
    event["LAST-MODIFIED"] = stamp
    event["SEQUENCE"] = icalendar.vInt(item.sequence)


def _optional(event: icalendar.Event, item: CalendarItem, location: str) -> None:
    if item.description:
        event["DESCRIPTION"] = Text(item.description)
    if location:
        event["LOCATION"] = Text(location)
    if item.url:
        event["URL"] = icalendar.vUri(item.url)
    # CLASS:PUBLIC is the default (RFC 5545 3.8.1.3).
    if item.private:
        event["CLASS"] = Text("PRIVATE")


def build_event(item: CalendarItem) -> icalendar.Event:
    """The master VEVENT of an item (without the overrides of a series)."""
    event = icalendar.Event()
    _common(event, item)
    event["SUMMARY"] = Text(item.summary)
    event["DTSTART"] = Moment(_local(item.start))
    event["DTEND"] = Moment(_local(item.end))
    if item.weekly_count > 0:
        event["RRULE"] = icalendar.vRecur({"FREQ": "WEEKLY", "COUNT": item.weekly_count})
        if item.excluded:
            event["EXDATE"] = _moments(item.excluded)
        if item.extra_dates:
            event["RDATE"] = _moments(item.extra_dates)
    _optional(event, item, item.location)
    if item.categories:
        event["CATEGORIES"] = icalendar.vCategory([clean_text(c) for c in item.categories])
    if item.contact:
        event["CONTACT"] = Text(item.contact)
    event["STATUS"] = Text(item.status)
    # TRANSP:OPAQUE (busy) is the default (RFC 5545 3.8.2.7).
    if item.transparent:
        event["TRANSP"] = Text("TRANSPARENT")
    return event


def build_override(item: CalendarItem, override: Override) -> icalendar.Event:
    """One differing occurrence of a series: same UID and SEQUENCE, its own RECURRENCE-ID."""
    event = icalendar.Event()
    _common(event, item)
    event["RECURRENCE-ID"] = Moment(_local(override.recurrence_id))
    event["SUMMARY"] = Text(override.summary or item.summary)
    event["DTSTART"] = Moment(_local(override.start))
    event["DTEND"] = Moment(_local(override.end))
    _optional(event, item, override.location or item.location)
    event["STATUS"] = Text("CANCELLED" if override.cancelled else item.status)
    return event


def fold_line(line: str) -> bytes:
    """One content line as UTF-8, folded so that no line exceeds 75 octets (RFC 5545 3.1).

    Same rules as icalendar's own folding (never inside a UTF-8 character, never between
    a backslash and the character it escapes), but it works on bytes rather than one
    character at a time: folding was most of the cost of a cold 5,000-event build.
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


# A parameter value that needs no quoting (RFC 5545 3.1: no DQUOTE, ";", ":" or ",").
_PLAIN_PARAMETER = re.compile(r'[^";:,\x00-\x1f]*')


def serialize(component: icalendar.Component) -> bytes:
    """`component.to_ical(sorted=False)`, written from icalendar's own typed values.

    A content line is `NAME *(";" PARAM "=" VALUE) ":" VALUE` (RFC 5545 3.1); the value is
    `value.to_ical()`, icalendar's escaping and formats. Writing the line here skips the
    generic machinery of `Component.to_ical`, two thirds of the cost of a build; a test
    checks that both give the same lines. Anything this does not handle (repeated
    properties, subcomponents, parameters that need quoting) goes to icalendar as is.
    """
    lines = [f"BEGIN:{component.name}"]
    written_values: dict[int, str] = {}  # DTSTAMP and LAST-MODIFIED share one value
    for name, value in component.items():
        parameters = getattr(value, "params", {})
        if (
            isinstance(value, list)
            or component.subcomponents
            or not all(_PLAIN_PARAMETER.fullmatch(str(v)) for v in parameters.values())
        ):
            lines = [str(line) for line in component.content_lines(sorted=False) if line]
            break
        written = "".join(f";{key}={parameter}" for key, parameter in parameters.items())
        if id(value) not in written_values:
            written_values[id(value)] = value.to_ical().decode()
        lines.append(f"{name}{written}:{written_values[id(value)]}")
    else:
        lines.append(f"END:{component.name}")
    return b"".join(fold_line(line) + b"\r\n" for line in lines)


def render_item(item: CalendarItem) -> bytes:
    """The serialized VEVENT(s) of one item: escaped, folded at 75 octets, UTF-8."""
    parts = [serialize(build_event(item))]
    parts.extend(serialize(build_override(item, override)) for override in item.overrides)
    return b"".join(parts)


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
    daylight = icalendar.TimezoneDaylight()
    daylight.add("tzoffsetfrom", datetime.timedelta(hours=-8))
    daylight.add("tzoffsetto", datetime.timedelta(hours=-7))
    daylight.add("tzname", "PDT")
    daylight.add("dtstart", datetime.datetime(2007, 3, 11, 2, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "2SU"})
    standard = icalendar.TimezoneStandard()
    standard.add("tzoffsetfrom", datetime.timedelta(hours=-7))
    standard.add("tzoffsetto", datetime.timedelta(hours=-8))
    standard.add("tzname", "PST")
    standard.add("dtstart", datetime.datetime(2007, 11, 4, 2, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 11, "byday": "1SU"})
    zone.add_component(daylight)
    zone.add_component(standard)
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

    Every text property is a `vText` (escaped): a calendar named after an event or a
    request carries whatever its title holds, commas and line breaks included.
    """
    calendar = icalendar.Calendar()
    calendar["VERSION"] = Text("2.0")
    calendar["PRODID"] = Text(PRODID)
    calendar["CALSCALE"] = Text("GREGORIAN")
    # The calendar's own UID (RFC 7986 5.3) names this feed at this address: a stable UUID
    # derived from its URL, which differs between installations and reveals nothing of it.
    calendar["UID"] = Text(uuid.uuid5(uuid.NAMESPACE_URL, meta.source_url))
    calendar["NAME"] = Text(meta.name)
    calendar["X-WR-CALNAME"] = Text(meta.name)
    calendar["X-WR-CALDESC"] = Text(meta.description)
    calendar["DESCRIPTION"] = Text(meta.description)
    calendar["X-WR-TIMEZONE"] = Text(TZID)
    # How often clients should poll: RFC 7986 REFRESH-INTERVAL (which requires
    # VALUE=DURATION) and Microsoft's X-PUBLISHED-TTL, read by Outlook and Apple.
    calendar.add("refresh-interval", meta.refresh, parameters={"VALUE": "DURATION"})
    calendar["X-PUBLISHED-TTL"] = icalendar.vDuration(meta.refresh)
    calendar["URL"] = icalendar.vUri(meta.page_url)
    calendar.add("source", meta.source_url, parameters={"VALUE": "URI"})
    head = serialize(calendar)
    return head[: -len(END_OF_CALENDAR)] + los_angeles_timezone_bytes()


def assemble_calendar(meta: CalendarMeta, components) -> bytes:
    """The whole feed: the head, the already serialized components, the closing line."""
    return b"".join([calendar_head(meta), *components, END_OF_CALENDAR])


@dataclass(frozen=True)
class Fingerprint:
    """What identifies one state of a feed, from one aggregate query."""

    last_updated: datetime.datetime | None
    count: int
    # The ETag and Last-Modified this feed was last answered with (None: never).
    seen_etag: str | None = None
    seen_last_modified: datetime.datetime | None = None

    def etag(self, *parts: str) -> str:
        raw = "|".join([FORMAT_VERSION, *parts, str(self.count), self._stamp()])
        return '"' + hashlib.sha256(raw.encode()).hexdigest()[:32] + '"'

    def last_modified(self, today: datetime.date) -> datetime.datetime:
        # The window of a feed moves at local midnight (cancelled items drop out once past),
        # so the representation is at least as new as today's start. This also bounds how
        # long a client that sends only If-Modified-Since can miss a deleted item.
        midnight = timezone.make_aware(datetime.datetime.combine(today, datetime.time.min))
        if self.last_updated is None:
            return midnight
        return max(self.last_updated, midnight)

    def _stamp(self) -> str:
        return self.last_updated.isoformat() if self.last_updated else "-"


def conditional_response(
    request, *, etag: str, last_modified: datetime.datetime, private: bool
) -> HttpResponse | None:
    """A 304 when the client's copy is current (None when the feed must be sent).

    Called before anything is rendered: the validators come from one aggregate query.
    """
    response = get_conditional_response(
        request, etag=etag, last_modified=int(last_modified.timestamp())
    )
    if response is not None and response.status_code == 304:
        # A 304 repeats the validators and cache policy the 200 would carry (RFC 9110 15.4.5).
        set_feed_headers(response, etag=etag, last_modified=last_modified, private=private)
    return response


def calendar_response(
    body: bytes, *, etag: str, last_modified: datetime.datetime, private: bool, filename: str
):
    """The 200 answer of a feed, with the validators and cache policy of its kind."""
    response = HttpResponse(body, content_type=CONTENT_TYPE)
    set_feed_headers(response, etag=etag, last_modified=last_modified, private=private)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def set_feed_headers(response, *, etag: str, last_modified: datetime.datetime, private: bool):
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified.timestamp())
    # Both kinds revalidate on every poll (a cheap 304). Private feeds hold contact details:
    # "private" keeps shared caches from storing them (see docs/calendar-feeds.md).
    if private:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        patch_cache_control(response, public=True, no_cache=True)
