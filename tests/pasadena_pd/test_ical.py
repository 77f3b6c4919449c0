import datetime
import re

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from pasadena_pd.ical import (
    LOS_ANGELES,
    CalendarItem,
    Override,
    fold_line,
    render_item,
)

STAMP = datetime.datetime(2026, 11, 1, 8, 30, tzinfo=datetime.UTC)


def item(**changes):
    values = {
        "uid": "event-1@community-services.pasadena-pd",
        "sequence": 0,
        "last_modified": STAMP,
        "summary": "Reunión",
        "start": datetime.datetime(2026, 12, 5, 18, tzinfo=LOS_ANGELES),
        "end": datetime.datetime(2026, 12, 5, 20, tzinfo=LOS_ANGELES),
    }
    return CalendarItem(**{**values, **changes})


def parse_one(raw: bytes):
    calendar = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + raw + b"END:VCALENDAR\r\n")
    [event] = calendar.walk("VEVENT")
    return event


@given(
    st.text(
        alphabet=st.characters(blacklist_categories=["Cs", "Cc"]) | st.just("\n"),
        min_size=1,
        max_size=400,
    )
)
def test_any_text_survives_escaping_and_folding(text):
    raw = render_item(item(summary=text, description=text))

    event = parse_one(raw)

    assert str(event["DESCRIPTION"]) == text
    for line in raw.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")


@given(st.text(alphabet="a\\ñ,;€😀", min_size=70, max_size=300))
def test_folding_never_splits_a_character_or_an_escape(text):
    line = "DESCRIPTION:" + icalendar.vText(text).to_ical().decode()

    folded = fold_line(line)

    pieces = folded.split(b"\r\n ")
    assert b"".join(pieces).decode() == line
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(len(piece) <= 74 for piece in pieces[1:])  # plus the leading space
    assert not any(piece.endswith(b"\\") and not piece.endswith(b"\\\\") for piece in pieces[:-1])


def test_short_lines_are_left_alone():
    assert fold_line("SUMMARY:Café") == "SUMMARY:Café".encode()


def test_all_day_end_is_the_day_after_the_last_day():
    one_day = CalendarItem.all_day(
        first_day=datetime.date(2027, 1, 1),
        last_day=datetime.date(2027, 1, 1),
        uid="major-event-1@x",
        sequence=0,
        last_modified=STAMP,
        summary="Rose Parade",
    )

    event = parse_one(render_item(one_day))

    assert event.decoded("DTSTART") == datetime.date(2027, 1, 1)
    assert event.decoded("DTEND") == datetime.date(2027, 1, 2)
    assert event["DTEND"].params["VALUE"] == "DATE"


def test_cancelled_private_item():
    event = parse_one(render_item(item(cancelled=True, private=True, contact="Ana, 626")))

    assert str(event["STATUS"]) == "CANCELLED"
    assert str(event["CLASS"]) == "PRIVATE"
    assert str(event["CONTACT"]) == "Ana, 626"


def test_dtstamp_and_last_modified_are_the_items_last_change_in_utc():
    event = parse_one(render_item(item(last_modified=STAMP.replace(microsecond=123))))

    assert event.decoded("DTSTAMP") == STAMP
    assert event.decoded("LAST-MODIFIED") == STAMP
    assert event["DTSTAMP"].to_ical() == b"20261101T083000Z"


# C0 controls other than TAB, CR and LF, and DEL: the writer drops them (RFC 5545 3.3.11).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def reference_event(item: CalendarItem) -> icalendar.Event:
    """The same VEVENT built through icalendar's own API, the writer's reference.

    Two deliberate differences are applied to the input first: control characters are
    dropped, and a literal `\\N` is not passed (icalendar turns it into a line break)."""

    def clean(value):
        return CONTROL.sub("", value)

    event = icalendar.Event()
    event.add("uid", item.uid)
    stamp = item.last_modified.astimezone(datetime.UTC).replace(microsecond=0)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", item.sequence)
    event.add("summary", clean(item.summary))
    event.add("dtstart", item.start)
    event.add("dtend", item.end)
    if item.weekly_count:
        event.add("rrule", {"freq": "weekly", "count": item.weekly_count})
        if item.excluded:
            event.add("exdate", list(item.excluded))
        if item.extra_dates:
            event.add("rdate", list(item.extra_dates))
    if item.description:
        event.add("description", clean(item.description))
    if item.location:
        event.add("location", clean(item.location))
    if item.url:
        event.add("url", item.url)
    if item.private:
        event.add("class", "PRIVATE")
    if item.categories:
        event.add("categories", [clean(name) for name in item.categories])
    if item.contact:
        event.add("contact", clean(item.contact))
    event.add("status", item.status)
    if item.transparent:
        event.add("transp", "TRANSPARENT")
    return event


def unfolded(raw: bytes) -> list[str]:
    return raw.replace(b"\r\n ", b"").decode().split("\r\n")


@given(
    summary=st.text(min_size=1, max_size=120).filter(lambda text: "\\N" not in text),
    description=st.text(max_size=300).filter(lambda text: "\\N" not in text),
    cancelled=st.booleans(),
    tentative=st.booleans(),
    private=st.booleans(),
    all_day=st.booleans(),
    weeks=st.integers(min_value=0, max_value=8),
)
def test_the_writer_writes_the_lines_icalendar_writes(
    summary, description, cancelled, tentative, private, all_day, weeks
):
    start = datetime.datetime(2027, 2, 4, 18, tzinfo=LOS_ANGELES)
    values = {
        "summary": summary,
        "description": description,
        "cancelled": cancelled,
        "tentative": tentative,
        "private": private,
        "location": "Peña Ct; Pasadena, CA",
        "url": "https://example.org/events/a/",
        "categories": ("Community, events", "Ñ"),
        "contact": "Ana Núñez, 626-555-0100" if private else "",
        "weekly_count": weeks,
        "excluded": (start + datetime.timedelta(weeks=1),) if weeks > 2 else (),
        "extra_dates": (start + datetime.timedelta(days=2),) if weeks > 4 else (),
    }
    if all_day:
        built = CalendarItem.all_day(
            first_day=datetime.date(2027, 1, 1),
            last_day=datetime.date(2027, 1, 2),
            uid="u@x",
            sequence=3,
            last_modified=STAMP,
            transparent=True,
            **values,
        )
    else:
        built = item(start=start, end=start + datetime.timedelta(hours=3), **values)

    assert unfolded(render_item(built)) == unfolded(reference_event(built).to_ical(sorted=False))


def test_times_of_the_repeated_hour_are_written_as_icalendar_writes_utc():
    second = datetime.datetime(2027, 11, 7, 9, 30, tzinfo=datetime.UTC)  # 01:30 PST
    second = second.astimezone(LOS_ANGELES)  # fold=1: the second 01:30
    built = item(
        start=second,
        end=second + datetime.timedelta(hours=1),
        weekly_count=3,
        excluded=(second + datetime.timedelta(weeks=1),),
    )
    reference = reference_event(built)
    # icalendar itself writes the local time with TZID, which RFC 5545 reads as the first.
    assert reference["DTSTART"].to_ical() == b"20271107T013000"
    reference["DTSTART"] = icalendar.vDDDTypes(second.astimezone(datetime.UTC))

    assert unfolded(render_item(built)) == unfolded(reference.to_ical(sorted=False))


def test_a_literal_backslash_n_stays_text():
    event = parse_one(render_item(item(summary="C:\\New folder \\n")))

    assert str(event["SUMMARY"]) == "C:\\New folder \\n"


def test_a_series_override_repeats_the_uid_with_its_recurrence_id():
    start = datetime.datetime(2027, 2, 4, 18, tzinfo=LOS_ANGELES)
    moved = Override(
        recurrence_id=start + datetime.timedelta(weeks=1),
        start=start + datetime.timedelta(weeks=1, hours=-1),
        end=start + datetime.timedelta(weeks=1, hours=2),
        location="Range",
    )
    raw = render_item(item(start=start, end=start, weekly_count=3, overrides=(moved,)))

    calendar = icalendar.Calendar.from_ical(b"BEGIN:VCALENDAR\r\n" + raw + b"END:VCALENDAR\r\n")
    master, override = calendar.walk("VEVENT")
    assert str(override["UID"]) == str(master["UID"])
    assert override.decoded("RECURRENCE-ID") == moved.recurrence_id
    assert override.decoded("DTSTART") == moved.start
    assert str(override["LOCATION"]) == "Range"
