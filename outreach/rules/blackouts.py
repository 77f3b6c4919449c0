"""The built-in major events (blackout days), computed for any year. Pure: no database."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class BuiltInMajorEvent:
    key: str  # stable per year, e.g. "rose-parade-2028"
    name: str
    date: datetime.date


def rose_parade_date(year: int) -> datetime.date:
    # The Tournament of Roses Parade is never held on a Sunday: it moves to Monday, Jan 2.
    new_years_day = datetime.date(year, 1, 1)
    if new_years_day.weekday() == 6:
        return datetime.date(year, 1, 2)
    return new_years_day


def built_in_major_events(year: int) -> list[BuiltInMajorEvent]:
    """Every built-in major event that falls in `year`, by date."""
    events = [
        BuiltInMajorEvent(
            f"new-years-day-{year}", str(_("New Year's Day")), datetime.date(year, 1, 1)
        ),
        BuiltInMajorEvent(
            f"rose-parade-{year}",
            str(_("Tournament of Roses Parade and Rose Bowl Game")),
            rose_parade_date(year),
        ),
        BuiltInMajorEvent(
            f"independence-day-{year}", str(_("Independence Day")), datetime.date(year, 7, 4)
        ),
        BuiltInMajorEvent(f"halloween-{year}", str(_("Halloween")), datetime.date(year, 10, 31)),
        BuiltInMajorEvent(
            f"new-years-eve-{year}", str(_("New Year's Eve")), datetime.date(year, 12, 31)
        ),
    ]
    return sorted(events, key=lambda event: event.date)
