import datetime

import pytest

from outreach.rules.blackouts import built_in_major_events, rose_parade_date


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (2026, datetime.date(2026, 1, 1)),  # Thursday
        (2023, datetime.date(2023, 1, 2)),  # Jan 1 was a Sunday
        (2034, datetime.date(2034, 1, 2)),  # Sunday again
        (2033, datetime.date(2033, 1, 1)),  # a Saturday: the parade stays on New Year's Day
    ],
)
def test_rose_parade_is_never_on_a_sunday(year, expected):
    assert rose_parade_date(year) == expected


def test_built_in_major_events_of_a_year():
    dates = [event.date for event in built_in_major_events(2027)]
    assert dates == [
        datetime.date(2027, 1, 1),
        datetime.date(2027, 1, 1),
        datetime.date(2027, 7, 4),
        datetime.date(2027, 10, 31),
        datetime.date(2027, 12, 31),
    ]


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    from django.core.management import call_command

    from outreach.models import Area, MajorEvent

    call_command("seed_demo")
    counts = (Area.objects.count(), MajorEvent.objects.count())
    call_command("seed_demo")
    assert (Area.objects.count(), MajorEvent.objects.count()) == counts
    assert counts[0] >= 3
