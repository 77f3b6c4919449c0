import datetime

import pytest

from outreach import rules, selectors
from outreach.rules import local_datetime
from outreach.services.bookings import allocate_bookings, release_bookings
from outreach.services.major_events import ensure_built_in_major_events
from tests.factories import MajorEventFactory
from tests.outreach.factories import PresentationRequestFactory, next_weekday

pytestmark = pytest.mark.django_db
T = datetime.time


def test_blackouts_count_stored_built_ins_once():
    ensure_built_in_major_events([2027])
    MajorEventFactory(
        name="UCLA home game",
        start_date=datetime.date(2027, 9, 18),
        end_date=datetime.date(2027, 9, 18),
    )
    names = [
        b.name
        for b in selectors.blackouts_between(datetime.date(2027, 1, 1), datetime.date(2027, 12, 31))
    ]
    assert names.count("Halloween") == 1
    assert names.count("UCLA home game") == 1
    assert len(names) == 6


def test_availability_counts_units_and_ignores_released_bookings(area, special_resources):
    k9 = special_resources["k9"]  # two units
    day = next_weekday(30)
    first, second = (PresentationRequestFactory(area=area, date=day, resources=[k9]) for _ in "ab")
    allocate_bookings(first)
    start, end = local_datetime(day, datetime.time(18)), local_datetime(day, datetime.time(20))

    def free():
        return selectors.availability_between(["k9"], day, day)("k9", start, end)

    assert free()
    allocate_bookings(second)
    assert not free()
    release_bookings(second)
    assert free()
    later = local_datetime(day, datetime.time(20))
    allocate_bookings(second)
    assert selectors.availability_between(["k9"], day, day)(
        "k9", later, later + datetime.timedelta(hours=1)
    )


def test_current_policy_reads_the_stored_values(special_resources):
    from outreach.models import RequestPolicy

    RequestPolicy.objects.update_or_create(pk=1, defaults={"min_notice_days": 21})
    policy = selectors.current_policy()
    assert policy.min_notice_days == 21
    assert policy.resources["helicopter"].lead_time_days == 45
    assert policy.weekend_min_duration == datetime.timedelta(hours=4)


def test_a_staff_blackout_that_began_before_today_still_blocks_its_remaining_days(today):
    day = today("2027-05-12")  # a Wednesday
    MajorEventFactory(
        name="Pasadena Chalk Festival week",
        start_date=day - datetime.timedelta(days=2),
        end_date=day + datetime.timedelta(days=20),
    )
    context = selectors.rules_context(day)
    inside = day + datetime.timedelta(days=16)  # a Friday, with enough notice
    after = day + datetime.timedelta(days=21)
    [finding] = rules.evaluate(
        rules.ProposedRequest("community_event", inside, T(18), T(20), ()), context
    )
    assert finding.code == "major_event_conflict"
    assert "Pasadena Chalk Festival week" in finding.message
    assert (
        rules.evaluate(rules.ProposedRequest("community_event", after, T(18), T(20), ()), context)
        == []
    )
