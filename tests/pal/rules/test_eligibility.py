import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pal.rules.eligibility import (
    age_on,
    check_eligibility,
    fits_age_band,
    is_plausible_birth_date,
)

D = datetime.date


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        (D(2010, 5, 10), D(2020, 5, 9), 9),
        (D(2010, 5, 10), D(2020, 5, 10), 10),
        (D(2010, 5, 10), D(2020, 5, 11), 10),
        (D(2012, 2, 29), D(2021, 2, 28), 8),  # leap-day child: not yet 9 on Feb 28
        (D(2012, 2, 29), D(2021, 3, 1), 9),  # ... turns 9 on March 1 in a common year
        (D(2012, 2, 29), D(2024, 2, 29), 12),  # ... and on Feb 29 in a leap year
        (D(2012, 2, 29), D(2024, 2, 28), 11),
        (D(2000, 12, 31), D(2001, 1, 1), 0),
    ],
)
def test_age_on_counts_whole_years(birth, day, age):
    assert age_on(birth, day) == age


@pytest.mark.parametrize(
    ("age_in_days_before_start", "eligible", "age"),
    [
        # born exactly 9 years before the first day: eligible, age 9
        ((9, 0), True, 9),
        # born one day too late to be 9 on the first day: refused, age 8
        ((9, -1), False, 8),
        ((17, 0), True, 17),
        # turned 18 on the first day: refused
        ((18, 0), False, 18),
        ((17, 364), True, 17),
    ],
)
def test_check_eligibility_boundaries(age_in_days_before_start, eligible, age):
    start = D(2026, 8, 20)
    years, extra_days = age_in_days_before_start
    birth = start.replace(year=start.year - years) - datetime.timedelta(days=extra_days)
    result = check_eligibility(birth, start)
    assert (result.eligible, result.age, result.counted_on) == (eligible, age, start)


def test_leap_day_child_becomes_eligible_on_march_first():
    birth = D(2012, 2, 29)
    assert not check_eligibility(birth, D(2021, 2, 28)).eligible
    assert check_eligibility(birth, D(2021, 3, 1)).eligible


def test_too_young_and_too_old_flags():
    start = D(2026, 8, 20)
    assert check_eligibility(D(2018, 1, 1), start).too_young
    assert check_eligibility(D(2000, 1, 1), start).too_old


@pytest.mark.parametrize(
    ("birth", "plausible"),
    [
        (D(2026, 11, 25), False),  # tomorrow
        (D(2026, 11, 24), True),
        (D(1926, 11, 24), True),
        (D(1906, 1, 1), False),
    ],
)
def test_is_plausible_birth_date(birth, plausible):
    assert is_plausible_birth_date(birth, D(2026, 11, 24)) is plausible


def test_fits_age_band_is_inclusive():
    assert fits_age_band(9, 9, 12)
    assert fits_age_band(12, 9, 12)
    assert not fits_age_band(13, 9, 12)


dates = st.dates(min_value=D(1950, 1, 1), max_value=D(2100, 12, 31))


@given(birth=dates, day=dates)
def test_age_never_decreases_as_days_pass(birth, day):
    later = day + datetime.timedelta(days=1)
    assert age_on(birth, later) - age_on(birth, day) in (0, 1)


@given(birth=dates, years=st.integers(min_value=0, max_value=80))
def test_age_on_the_birthday_is_the_number_of_years(birth, years):
    if birth.month == 2 and birth.day == 29:
        return
    assert age_on(birth, birth.replace(year=birth.year + years)) == years


@given(birth=dates, start=dates)
def test_eligible_exactly_when_age_is_9_to_17(birth, start):
    result = check_eligibility(birth, start)
    assert result.eligible == (9 <= age_on(birth, start) <= 17)
