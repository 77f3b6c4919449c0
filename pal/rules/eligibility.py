"""Who may join PAL: pure functions over dates, no database.

Members are 9 to 17 years old inclusive, counted on the first day of the program term
(DOMAIN.md). The form, the services and the admin all ask this module; none re-implements it.
"""

import datetime
from dataclasses import dataclass

MIN_AGE = 9
MAX_AGE = 17
# A date of birth further back than this is a typing error, not a youth.
OLDEST_PLAUSIBLE_AGE = 100


def age_on(birth_date: datetime.date, day: datetime.date) -> int:
    """Whole years completed on `day`.

    A child born on February 29 turns a year older on March 1 in common years: on
    February 28 the (month, day) of the birthday has not been reached yet. This is the
    usual reading for age limits and keeps the function total (no invalid Feb 29 dates).
    """
    years = day.year - birth_date.year
    if (day.month, day.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    age: int  # the age that counts: on the term's first day
    counted_on: datetime.date

    @property
    def too_young(self) -> bool:
        return self.age < MIN_AGE

    @property
    def too_old(self) -> bool:
        return self.age > MAX_AGE


def check_eligibility(birth_date: datetime.date, term_start: datetime.date) -> Eligibility:
    age = age_on(birth_date, term_start)
    return Eligibility(eligible=MIN_AGE <= age <= MAX_AGE, age=age, counted_on=term_start)


def is_plausible_birth_date(birth_date: datetime.date, today: datetime.date) -> bool:
    """Not in the future and not absurdly old (a typo such as 1206 for 2016)."""
    return birth_date <= today and age_on(birth_date, today) <= OLDEST_PLAUSIBLE_AGE


def fits_age_band(age: int, min_age: int, max_age: int) -> bool:
    return min_age <= age <= max_age
