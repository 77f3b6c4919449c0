"""National Night Out's date: pure, no database.

The first Tuesday of August, unless coordinators moved that year's night (in 2020 it moved
to the first Tuesday of October, Oct 6). Callers pass the stored overrides in.
"""

import datetime
from collections.abc import Mapping

TUESDAY = 1
# Hosts register their block party until the day before the night, so that coordinators can
# plan the visits.
BLOCK_PARTY_CLOSES_DAYS_BEFORE = 1


def first_tuesday_of_august(year: int) -> datetime.date:
    first = datetime.date(year, 8, 1)
    return first + datetime.timedelta(days=(TUESDAY - first.weekday()) % 7)


def national_night_out_date(
    year: int, overrides: Mapping[int, datetime.date] | None = None
) -> datetime.date:
    """The night of National Night Out in `year`, following a moved date when there is one."""
    if overrides and year in overrides:
        return overrides[year]
    return first_tuesday_of_august(year)


def upcoming_national_night_out_year(
    today: datetime.date, overrides: Mapping[int, datetime.date] | None = None
) -> int:
    """This year's night until it has passed, then next year's."""
    if national_night_out_date(today.year, overrides) >= today:
        return today.year
    return today.year + 1


def block_party_registration_open(night: datetime.date, today: datetime.date) -> bool:
    """May a host still register a block party for `night`?"""
    return (night - today).days >= BLOCK_PARTY_CLOSES_DAYS_BEFORE
