"""A suggested visit order and time slots for one area's officers on the night. Pure.

Earliest-deadline-first: the party that ends soonest is visited first, so that the
officers reach as many parties as possible before they end. Each visit takes
`visit_minutes`, then `travel_minutes` to the next street. A party whose slot would end
after the party does is kept in the plan and marked, for the coordinator to adjust.
"""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

DEFAULT_VISIT_MINUTES = 20
DEFAULT_TRAVEL_MINUTES = 10


@dataclass(frozen=True)
class Stop:
    party: Any  # whatever the caller wants back (a BlockParty)
    street_name: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime


@dataclass(frozen=True)
class Visit:
    order: int
    party: Any
    arrive_at: datetime.datetime
    leave_at: datetime.datetime
    party_ends_at: datetime.datetime

    @property
    def fits(self) -> bool:
        """Do the officers leave before the party ends?"""
        return self.leave_at <= self.party_ends_at


def plan_visits(
    stops: Iterable[Stop],
    *,
    start_after: datetime.datetime | None = None,
    visit_minutes: int = DEFAULT_VISIT_MINUTES,
    travel_minutes: int = DEFAULT_TRAVEL_MINUTES,
) -> list[Visit]:
    """Order the stops and give each a slot; officers are free from `start_after` on."""
    ordered = sorted(stops, key=lambda stop: (stop.ends_at, stop.starts_at, stop.street_name))
    visit = datetime.timedelta(minutes=visit_minutes)
    travel = datetime.timedelta(minutes=travel_minutes)
    clock = start_after
    visits = []
    for order, stop in enumerate(ordered, start=1):
        arrive_at = stop.starts_at if clock is None else max(clock, stop.starts_at)
        leave_at = arrive_at + visit
        visits.append(
            Visit(
                order=order,
                party=stop.party,
                arrive_at=arrive_at,
                leave_at=leave_at,
                party_ends_at=stop.ends_at,
            )
        )
        clock = leave_at + travel
    return visits
