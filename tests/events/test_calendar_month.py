import datetime

import pytest

from events.calendar_month import Month, parse_month

TODAY = datetime.date(2026, 11, 24)


@pytest.mark.parametrize(
    ("text", "expected", "unreadable"),
    [
        (None, Month(2026, 11), False),
        ("", Month(2026, 11), False),
        ("2027-08", Month(2027, 8), False),
        (" 2027-08 ", Month(2027, 8), False),
        ("2027-13", Month(2026, 11), True),
        ("2027-00", Month(2026, 11), True),
        ("27-08", Month(2026, 11), True),
        ("9999-01", Month(2026, 11), True),
        ("August", Month(2026, 11), True),
        ("2027-08'; DROP TABLE", Month(2026, 11), True),
    ],
)
def test_parse_month(text, expected, unreadable):
    assert parse_month(text, TODAY) == (expected, unreadable)


def test_previous_and_next_cross_the_year():
    assert Month(2027, 1).previous == Month(2026, 12)
    assert Month(2026, 12).next == Month(2027, 1)
    assert Month(2027, 8).param == "2027-08"


def test_weeks_start_on_sunday_and_cover_the_month():
    weeks = Month(2027, 8).weeks()
    assert weeks[0][0] == datetime.date(2027, 8, 1)  # a Sunday
    assert all(len(week) == 7 for week in weeks)
    days = [day for week in weeks for day in week if day.month == 8]
    assert len(days) == 31
