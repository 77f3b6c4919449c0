import datetime

import icalendar
from hypothesis import given
from hypothesis import strategies as st

from pasadena_pd.ical import (
    LOS_ANGELES,
    CalendarItem,
    build_event,
    fold_line,
    render_item,
    serialize,
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


@given(
    summary=st.text(min_size=1, max_size=120),
    description=st.text(max_size=300),
    cancelled=st.booleans(),
    private=st.booleans(),
    all_day=st.booleans(),
    weeks=st.integers(min_value=0, max_value=8),
)
def test_serialize_writes_the_same_lines_as_icalendar(
    summary, description, cancelled, private, all_day, weeks
):
    start = datetime.datetime(2027, 2, 4, 18, tzinfo=LOS_ANGELES)
    values = {
        "summary": summary,
        "description": description,
        "cancelled": cancelled,
        "private": private,
        "location": "Peña Ct; Pasadena, CA",
        "url": "https://example.org/events/a/",
        "categories": ("Community, events", "Ñ"),
        "contact": "Ana Núñez, 626-555-0100" if private else "",
        "weekly_count": weeks,
        "excluded": (start + datetime.timedelta(weeks=1),) if weeks > 2 else (),
    }
    if all_day:
        built = build_event(
            CalendarItem.all_day(
                first_day=datetime.date(2027, 1, 1),
                last_day=datetime.date(2027, 1, 2),
                uid="u@x",
                sequence=3,
                last_modified=STAMP,
                transparent=True,
                **values,
            )
        )
    else:
        built = build_event(item(start=start, end=start + datetime.timedelta(hours=3), **values))

    ours = serialize(built).replace(b"\r\n ", b"")
    theirs = built.to_ical(sorted=False).replace(b"\r\n ", b"")

    assert ours == theirs


def test_serialize_leaves_what_it_does_not_handle_to_icalendar():
    event = icalendar.Event()
    event.add("summary", "Two attendees")
    event.add("attendee", "mailto:a@example.org", parameters={"CN": "Núñez, Ana"})
    event.add("attendee", "mailto:b@example.org")

    assert serialize(event) == event.to_ical(sorted=False)
