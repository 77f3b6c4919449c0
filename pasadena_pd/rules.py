"""Rules every app shares, as plain functions over plain values (no database).

The weekend: Saturday and Sunday. Outreach's notice, duration and approval rules, the
request admin's filter and constraint, the block-party form and PAL's pick-up roster all ask
this one predicate (or, in the database, these ISO day numbers).
"""

import datetime

# ISO weekday numbers (Monday 1 ... Sunday 7), as Django's `__iso_week_day` lookup reads them.
WEEKEND_ISO_DAYS = (6, 7)


def is_weekend(day: datetime.date) -> bool:
    return day.isoweekday() in WEEKEND_ISO_DAYS
