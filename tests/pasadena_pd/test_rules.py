import datetime

import pytest

from outreach.models import PresentationRequest
from pasadena_pd.rules import is_weekend


@pytest.mark.parametrize(
    ("day", "weekend"),
    [
        (datetime.date(2027, 8, 6), False),  # Friday
        (datetime.date(2027, 8, 7), True),  # Saturday
        (datetime.date(2027, 8, 8), True),  # Sunday
        (datetime.date(2027, 8, 9), False),  # Monday
    ],
)
def test_is_weekend_saturday_and_sunday_only(day, weekend):
    assert is_weekend(day) is weekend


@pytest.mark.django_db
def test_the_database_weekend_is_the_same_days():
    from tests.outreach.factories import PresentationRequestFactory

    days = [datetime.date(2027, 8, 6) + datetime.timedelta(days=n) for n in range(7)]
    for day in days:
        PresentationRequestFactory(date=day)
    weekend = {r.date for r in PresentationRequest.objects.weekend()}
    weekdays = {r.date for r in PresentationRequest.objects.weekday()}
    assert weekend == {day for day in days if is_weekend(day)}
    assert weekdays == set(days) - weekend
