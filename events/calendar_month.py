"""The month grid of the public calendar. Pure: no database, "today" passed in."""

import calendar
import datetime
import re
from dataclasses import dataclass

MONTH_PATTERN = re.compile(r"^(\d{4})-(\d{2})$")
FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Month:
    year: int
    month: int

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, self.month, 1)

    @property
    def previous(self) -> "Month":
        return Month(self.year - 1, 12) if self.month == 1 else Month(self.year, self.month - 1)

    @property
    def next(self) -> "Month":
        return Month(self.year + 1, 1) if self.month == 12 else Month(self.year, self.month + 1)

    @property
    def param(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def weeks(self) -> list[list[datetime.date]]:
        """Whole weeks, Sunday first (as US wall calendars), spilling into nearby months."""
        return calendar.Calendar(firstweekday=calendar.SUNDAY).monthdatescalendar(
            self.year, self.month
        )


def parse_month(text: str | None, today: datetime.date) -> tuple[Month, bool]:
    """The month asked for as "YYYY-MM", or today's month; the flag says the text was unusable."""
    current = Month(today.year, today.month)
    if not text:
        return current, False
    match = MONTH_PATTERN.match(text.strip())
    if not match:
        return current, True
    year, month = int(match.group(1)), int(match.group(2))
    if not (FIRST_YEAR <= year <= LAST_YEAR and 1 <= month <= 12):
        return current, True
    return Month(year, month), False
