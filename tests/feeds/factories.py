"""Factories for the calendar feed tests (events and outreach rows as feeds see them)."""

import datetime

import factory
from django.utils import timezone
from psycopg.types.range import Range

from events.models import BlockParty, Event, EventSession
from outreach.models import PresentationRequest, ResourceBooking
from pasadena_pd.models import CalendarFeedToken
from tests.factories import AreaFactory, SpecialResourceFactory, UserFactory
from tests.outreach.factories import next_weekday


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.COMMUNITY
    title = factory.Sequence(lambda n: f"Community meeting {n}")
    slug = factory.Sequence(lambda n: f"community-meeting-{n}")
    description = "Meet your Neighborhood Police Specialist."
    starts_at = factory.LazyFunction(lambda: local(in_days(20), 18))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=2))
    venue = "Jackie Robinson Community Center"
    address = "1020 N Fair Oaks Ave, Pasadena, CA 91103"
    area = factory.SubFactory(AreaFactory)
    published = True


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory, kind=Event.Kind.ACADEMY)
    starts_at = factory.LazyFunction(lambda: local(in_days(20), 18))
    ends_at = factory.LazyAttribute(lambda s: s.starts_at + datetime.timedelta(hours=3))


class PresentationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresentationRequest

    kind = "neighborhood_watch"
    title = factory.Sequence(lambda n: f"Neighborhood Watch meeting {n}")
    # A weekday off major events: the database refuses a short weekend request.
    date = factory.LazyFunction(lambda: next_weekday(20))
    start_time = datetime.time(18, 0)
    end_time = datetime.time(19, 30)
    area = factory.SubFactory(AreaFactory)
    location = "250 N Madison Ave, Pasadena"
    expected_attendance = 25
    contact_name = "Rosa Peña"
    contact_email = "rosa@example.org"
    contact_phone = "626-555-0199"
    status = PresentationRequest.Status.SCHEDULED


class BlockPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockParty

    host_name = "José Ibáñez"
    host_email = factory.Sequence(lambda n: f"host{n}@example.org")
    host_phone = "626-555-0123"
    street_address = "1200 Block of N Los Robles Ave"
    street_name = "N Los Robles Ave"
    area = factory.SubFactory(AreaFactory)
    date = factory.LazyFunction(lambda: in_days(30))
    year = factory.LazyAttribute(lambda party: party.date.year)
    starts_at = factory.LazyAttribute(lambda party: local(party.date, 17))
    ends_at = factory.LazyAttribute(lambda party: local(party.date, 21))
    expected_attendance = 40
    status = BlockParty.Status.APPROVED


class ResourceBookingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ResourceBooking

    request = factory.SubFactory(PresentationRequestFactory)
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
