import datetime

import pytest

from events import selectors
from events.calendar_month import Month
from events.models import Event
from tests.events.factories import (
    BlockPartyFactory,
    EventFactory,
    EventSessionFactory,
    NationalNightOutDateFactory,
    local_datetime,
)
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def test_the_moved_night_comes_from_the_database():
    NationalNightOutDateFactory(year=2020, date=datetime.date(2020, 10, 6))
    assert selectors.national_night_out(2020) == datetime.date(2020, 10, 6)
    assert selectors.national_night_out(2021) == datetime.date(2021, 8, 3)


def test_the_kickoff_is_the_published_kickoff_on_the_night():
    night = datetime.date(2027, 8, 3)
    kickoff = EventFactory(
        kind=Event.Kind.NNO_KICKOFF,
        starts_at=local_datetime(night, 16, 30),
        ends_at=local_datetime(night, 17, 30),
    )
    EventFactory(
        kind=Event.Kind.NNO_KICKOFF,
        published=False,
        starts_at=local_datetime(night, 15),
        ends_at=local_datetime(night, 16),
    )
    assert selectors.nno_kickoff(night) == kickoff
    assert selectors.nno_kickoff(night + datetime.timedelta(days=1)) is None


def test_parties_are_grouped_by_area_in_street_order():
    northwest, central = AreaFactory(name="Northwest"), AreaFactory(name="Central")
    b = BlockPartyFactory(year=2027, area=northwest, street_name="B St", status="approved")
    a = BlockPartyFactory(year=2027, area=northwest, street_name="A St", status="approved")
    c = BlockPartyFactory(year=2027, area=central, street_name="C St", status="approved")
    BlockPartyFactory(year=2027, area=central, street_name="Declined", status="declined")
    assert selectors.approved_parties_by_area(2027) == [(central, [c]), (northwest, [a, b])]


def test_calendar_entries_use_few_queries(django_assert_max_num_queries):
    first = datetime.date(2027, 3, 2)
    for _ in range(3):
        series = EventFactory(
            starts_at=local_datetime(first, 18), ends_at=local_datetime(first, 20)
        )
        EventSessionFactory.create_batch(2, event=series)
    with django_assert_max_num_queries(2):
        entries = selectors.calendar_entries(Month(2027, 3))
    assert len(entries[first]) == 6
