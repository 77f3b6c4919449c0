"""Factories for the calendar feed tests: the apps' own factories with the defaults feeds
want (rows that show in a feed: an area's event, a scheduled request, an approved party)."""

import datetime

import factory
from psycopg.types.range import Range

from events.models import BlockParty, Event
from outreach.models import PresentationRequest, ResourceBooking
from pasadena_pd.models import CalendarFeedToken
from tests.events.factories import BlockPartyFactory, EventFactory, EventSessionFactory, in_days
from tests.events.factories import local_datetime as local
from tests.factories import AreaFactory, SpecialResourceFactory, UserFactory
from tests.outreach.factories import PresentationRequestFactory

__all__ = ["in_days", "local"]


class FeedEventFactory(EventFactory):
    """A community meeting in an area, 20 days ahead, two hours."""

    kind = Event.Kind.COMMUNITY
    title = factory.Sequence(lambda n: f"Community meeting {n}")
    slug = factory.Sequence(lambda n: f"community-meeting-{n}")
    description = "Meet your Neighborhood Police Specialist."
    starts_at = factory.LazyFunction(lambda: local(in_days(20), 18))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    venue = "Jackie Robinson Community Center"
    address = "1020 N Fair Oaks Ave, Pasadena, CA 91103"
    area = factory.SubFactory(AreaFactory)


class FeedSessionFactory(EventSessionFactory):
    """A session of an Academy series, 20 days ahead, three hours."""

    event = factory.SubFactory(FeedEventFactory, kind=Event.Kind.ACADEMY)
    starts_at = factory.LazyFunction(lambda: local(in_days(20), 18))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=3))


class ScheduledRequestFactory(PresentationRequestFactory):
    """A scheduled request (one a feed shows), on a weekday off major events."""

    title = factory.Sequence(lambda n: f"Neighborhood Watch meeting {n}")
    end_time = datetime.time(19, 30)
    location = "250 N Madison Ave, Pasadena"
    expected_attendance = 25
    contact_name = "Rosa Peña"
    contact_email = "rosa@example.org"
    contact_phone = "626-555-0199"
    status = PresentationRequest.Status.SCHEDULED


class ApprovedBlockPartyFactory(BlockPartyFactory):
    """An approved block party 30 days ahead (any date: feeds do not ask for the night)."""

    host_name = "José Ibáñez"
    host_phone = "626-555-0123"
    street_address = "1200 Block of N Los Robles Ave"
    street_name = "N Los Robles Ave"
    date = factory.LazyFunction(lambda: in_days(30))
    year = factory.LazyAttribute(lambda party: party.date.year)
    expected_attendance = 40
    status = BlockParty.Status.APPROVED


class ResourceBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceBooking

    request = factory.SubFactory(ScheduledRequestFactory)
    resource = factory.SubFactory(SpecialResourceFactory)
    unit_number = 1
    unit_key = factory.LazyAttribute(lambda b: b.resource.pk * 1000 + b.unit_number)
    window = factory.LazyAttribute(
        lambda b: Range(
            local(b.request.date, b.request.start_time.hour),
            local(b.request.date, b.request.end_time.hour, b.request.end_time.minute),
            "[)",
        )
    )


class CalendarFeedTokenFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CalendarFeedToken

    user = factory.SubFactory(UserFactory)
