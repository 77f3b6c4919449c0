"""Which reminder is due at a given moment: pure policy, no ORM, no settings.

Something a resident signed up for (a registration, a block party, a scheduled request)
gets a reminder the day before it starts, from a fixed hour of the local morning; the
Community Police Academy also gets one a week before. Only the latest reminder whose moment
has come is due: a run that was missed never sends "in a week" three days before. Nothing
is due once it has started, nor when it was booked after the reminder's moment (its
confirmation email has just told them everything).
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from enum import StrEnum

PACIFIC = zoneinfo.ZoneInfo("America/Los_Angeles")
# Reminders leave from this hour of the local morning (REMINDER_HOUR overrides it).
DEFAULT_HOUR = 9


class Kind(StrEnum):
    WEEK_BEFORE = "week_before"
    DAY_BEFORE = "day_before"


DAYS_BEFORE = {Kind.WEEK_BEFORE: 7, Kind.DAY_BEFORE: 1}
EVERYTHING = (Kind.DAY_BEFORE,)
ACADEMY = (Kind.WEEK_BEFORE, Kind.DAY_BEFORE)
# How far ahead a run looks: the earliest reminder is a week before, on the local day.
LOOKAHEAD = datetime.timedelta(days=max(DAYS_BEFORE.values()) + 1)


@dataclass(frozen=True)
class Candidate:
    """Something that may need a reminder, as an app's `reminders.candidates` describes it."""

    about: str  # with object_id, names the record: "events.registration"
    object_id: int
    starts_at: datetime.datetime
    booked_at: datetime.datetime
    kinds: tuple[Kind, ...]
    to: str
    language: str
    template: str  # "<app>/mail/<name>": <template>_subject.txt and _body.txt
    context: dict


@dataclass(frozen=True)
class Clock:
    hour: int = DEFAULT_HOUR
    tz: datetime.tzinfo = PACIFIC


def send_moment(kind: Kind, starts_at: datetime.datetime, clock: Clock = Clock()):
    """The local morning, `DAYS_BEFORE[kind]` days before the local day of `starts_at`
    (a local wall-clock hour: the same hour across a daylight saving change)."""
    day = starts_at.astimezone(clock.tz).date() - datetime.timedelta(days=DAYS_BEFORE[kind])
    return datetime.datetime.combine(day, datetime.time(clock.hour), tzinfo=clock.tz)


def due(
    kinds: tuple[Kind, ...],
    *,
    starts_at: datetime.datetime,
    booked_at: datetime.datetime,
    now: datetime.datetime,
    clock: Clock = Clock(),
) -> Kind | None:
    """The reminder to send at `now`, or None."""
    if now >= starts_at:
        return None
    reached = [kind for kind in kinds if send_moment(kind, starts_at, clock) <= now]
    if not reached:
        return None
    latest = max(reached, key=lambda kind: send_moment(kind, starts_at, clock))
    if booked_at >= send_moment(latest, starts_at, clock):
        return None
    return latest
