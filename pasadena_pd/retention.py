"""Retention policy: when personal data is due for anonymisation (no ORM here).

The numbers are settings (RETENTION_*); `manage.py apply_retention` applies them through
each app's `retention` module. Anonymised records keep what reports count (dates, terms,
grades, GPAs, party sizes) and lose whatever names or reaches a person.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.conf import settings

ANONYMISED = "Anonymised"


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` earlier (the month's last day when it is shorter)."""
    month_index = day.year * 12 + day.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def placeholder_email(kind: str, pk: int) -> str:
    """A valid address that reaches nobody (.invalid is reserved) and stays unique per row,
    as the one-per-email constraints need."""
    return f"anonymised-{kind}-{pk}@example.invalid"


@dataclass(frozen=True)
class Cutoffs:
    """Anything that ended before these days is due."""

    pal_member_term_end: datetime.date
    closed_application: datetime.date
    contact_event: datetime.date

    @classmethod
    def on(cls, today: datetime.date) -> "Cutoffs":
        return cls(
            pal_member_term_end=months_before(today, settings.RETENTION_PAL_MEMBER_MONTHS),
            closed_application=months_before(today, settings.RETENTION_CLOSED_APPLICATION_MONTHS),
            contact_event=months_before(today, settings.RETENTION_CONTACT_MONTHS),
        )
