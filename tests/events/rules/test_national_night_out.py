import datetime

import pytest

from events.rules.national_night_out import (
    block_party_registration_open,
    first_tuesday_of_august,
    national_night_out_date,
    upcoming_national_night_out_year,
)


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2019, datetime.date(2019, 8, 6)),
        (2023, datetime.date(2023, 8, 1)),  # August starts on a Tuesday
        (2026, datetime.date(2026, 8, 4)),
        (2027, datetime.date(2027, 8, 3)),
        (2028, datetime.date(2028, 8, 1)),
    ],
)
def test_first_tuesday_of_august(year, expected):
    assert first_tuesday_of_august(year) == expected
    assert expected.weekday() == 1


def test_a_moved_year_follows_its_override():
    overrides = {2020: datetime.date(2020, 10, 6)}
    assert national_night_out_date(2020, overrides) == datetime.date(2020, 10, 6)
    assert national_night_out_date(2021, overrides) == datetime.date(2021, 8, 3)


def test_without_overrides_it_is_the_first_tuesday():
    assert national_night_out_date(2020) == datetime.date(2020, 8, 4)


@pytest.mark.parametrize(
    ("today", "expected_year"),
    [
        (datetime.date(2026, 1, 10), 2026),
        (datetime.date(2026, 8, 4), 2026),  # the night itself still counts
        (datetime.date(2026, 8, 5), 2027),
        (datetime.date(2020, 9, 1), 2020),  # moved to October: still ahead
    ],
)
def test_upcoming_year(today, expected_year):
    overrides = {2020: datetime.date(2020, 10, 6)}
    assert upcoming_national_night_out_year(today, overrides) == expected_year


@pytest.mark.parametrize(
    ("today", "open_"),
    [
        (datetime.date(2027, 8, 2), True),  # the day before the night
        (datetime.date(2027, 8, 3), False),  # the night itself
        (datetime.date(2027, 8, 4), False),
    ],
)
def test_block_party_registration_closes_the_day_before_the_night(today, open_):
    assert block_party_registration_open(datetime.date(2027, 8, 3), today) is open_
