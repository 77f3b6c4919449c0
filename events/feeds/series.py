"""A weekly series (the Community Police Academy) as one recurring item. Pure: no database.

Dated sessions become one rule, `FREQ=WEEKLY;COUNT=n` from the first session, plus:
- `EXDATE` for a week of the rule that has no session (a holiday break);
- an override (`RECURRENCE-ID` = the start the rule gives that week) for a session whose
  time, length or place differs from the rule;
- `RDATE` for a second session in a week the rule already fills (rare), with an override
  when it differs too.
Calendar apps then show one series that can be read and deleted as one, never eight
unrelated items.
"""

import datetime
from dataclasses import dataclass

from pasadena_pd.ical import LOS_ANGELES, Override


@dataclass(frozen=True)
class Session:
    start: datetime.datetime
    end: datetime.datetime
    location: str = ""  # empty: the series' own place


@dataclass(frozen=True)
class WeeklySeries:
    start: datetime.datetime
    end: datetime.datetime
    count: int
    excluded: tuple[datetime.datetime, ...]
    extra: tuple[datetime.datetime, ...]
    overrides: tuple[Override, ...]


def _week_slot(first: datetime.datetime, week: int) -> datetime.datetime:
    # Same wall-clock time every week, in Los Angeles: a rule with TZID keeps 6 p.m. at
    # 6 p.m. across the DST change, so the slot is computed in local time, not by adding
    # 7 * 24 hours.
    local = first.astimezone(LOS_ANGELES)
    day = local.date() + datetime.timedelta(weeks=week)
    return datetime.datetime.combine(day, local.time(), tzinfo=LOS_ANGELES)


def weekly_series(sessions: list[Session], *, location: str) -> WeeklySeries | None:
    """The series for these sessions, or None when there are fewer than two."""
    ordered = sorted(sessions, key=lambda session: session.start)
    if len(ordered) < 2:
        return None
    first = ordered[0]
    length = first.end - first.start
    first_day = first.start.astimezone(LOS_ANGELES).date()
    taken: dict[int, Session] = {}
    extra: list[datetime.datetime] = []
    overrides: list[Override] = []
    for session in ordered:
        days = (session.start.astimezone(LOS_ANGELES).date() - first_day).days
        week = round(days / 7)
        if week in taken:
            # The rule has no slot left this week: add the date, described by an override.
            extra.append(session.start)
            slot = session.start
            slot_end = session.start + length
        else:
            taken[week] = session
            slot = _week_slot(first.start, week)
            slot_end = slot + length
        place = session.location or location
        differs = session.start != slot or session.end != slot_end or place != location
        if differs:
            overrides.append(
                Override(
                    recurrence_id=slot,
                    start=session.start,
                    end=session.end,
                    location=place,
                )
            )
    count = max(taken) + 1
    excluded = tuple(_week_slot(first.start, week) for week in range(count) if week not in taken)
    return WeeklySeries(
        start=first.start,
        end=first.end,
        count=count,
        excluded=excluded,
        extra=tuple(extra),
        overrides=tuple(overrides),
    )
