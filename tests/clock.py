"""The suite's clock: every test runs on a pinned day, never on the machine's.

The whole session travels to `TEST_TODAY` (default `DEFAULT_TODAY`), so that module and
session fixtures are built on the same day as the tests; each test starts again from that
moment. `TEST_TODAY=2027-08-03 make test` runs the suite as if it were National Night Out.
A test whose outcome depends on one particular day pins it with the `today` fixture.

The clock ticks (`tick=True`): the tests and the live server see time pass as usual, from
the pinned moment.
"""

import datetime
import os
import zoneinfo

import time_machine

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")

# The day this suite was made to pass on first; any other day must pass too.
DEFAULT_TODAY = "2026-12-02 10:00"


def moment(text: str) -> datetime.datetime:
    """'2027-08-03' (10:00 that day) or '2027-08-03 19:00', Pasadena time."""
    text = text.strip()
    if len(text) == 10:
        text += " 10:00"
    return datetime.datetime.fromisoformat(text).replace(tzinfo=PACIFIC)


def suite_moment() -> datetime.datetime:
    return moment(os.environ.get("TEST_TODAY") or DEFAULT_TODAY)


def travel(when: datetime.datetime):
    return time_machine.travel(when, tick=True)


def years_from(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (or earlier); Feb 29 becomes Feb 28 in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)
