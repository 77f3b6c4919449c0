"""Factories for the events tests (here, not in tests/factories.py: easier merges)."""

import datetime

import factory
from django.utils import timezone

from events.models import BlockParty, Event, EventSession, NationalNightOutDate, Registration
from events.rules.national_night_out import first_tuesday_of_august
from tests.factories import AreaFactory


def local_datetime(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=timezone.get_current_timezone()
    )


def in_days(days: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=days)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    kind = Event.Kind.NEIGHBORHOOD_WATCH
    title = factory.Sequence(lambda n: f"Neighborhood Watch meeting {n}")
    slug = factory.Sequence(lambda n: f"event-{n}")
    description = "Meet your neighbors and your Neighborhood Police Specialist."
    starts_at = factory.LazyFunction(lambda: local_datetime(in_days(14), 18, 30))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=1))
    venue = "Villa Parke Community Center"
    address = "363 E Villa St, Pasadena, CA"
    published = True


class OnlineEventFactory(EventFactory):
    kind = Event.Kind.NATIONAL_NIGHT_IN
    title = factory.Sequence(lambda n: f"National Night In {n}")
    venue = ""
    address = ""
    join_url = "https://meet.example.org/j/123456"
    webinar_id = "827 0000 0699"
    listen_only_phone = "(669) 555-0100"


class EventSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EventSession

    event = factory.SubFactory(EventFactory)
    starts_at = factory.LazyAttribute(lambda session: session.event.starts_at)
    ends_at = factory.LazyAttribute(lambda session: session.event.ends_at)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Sequence(lambda n: f"Resident {n}")
    email = factory.Sequence(lambda n: f"resident{n}@example.org")
    party_size = 1
    status = Registration.Status.CONFIRMED


class NationalNightOutDateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NationalNightOutDate
        django_get_or_create = ("year",)

    year = 2020
    date = datetime.date(2020, 10, 6)
    reason = "Moved to October by the national organizers."


class BlockPartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockParty

    host_name = factory.Sequence(lambda n: f"Host {n}")
    host_email = factory.Sequence(lambda n: f"host{n}@example.org")
    host_phone = "626-555-0142"
    street_address = factory.Sequence(lambda n: f"{100 + n} Navarro Ave, Pasadena")
    street_name = "Navarro Ave"
    area = factory.SubFactory(AreaFactory)
    year = factory.LazyFunction(lambda: timezone.localdate().year + 1)
    date = factory.LazyAttribute(lambda party: first_tuesday_of_august(party.year))
    starts_at = factory.LazyAttribute(lambda party: local_datetime(party.date, 17))
    ends_at = factory.LazyAttribute(lambda party: local_datetime(party.date, 21))
    expected_attendance = 30


def verified(user):
    """The user as a request that passed the second factor sees it (django-otp's
    OTPMiddleware sets `is_verified` on request.user the same way)."""
    user.is_verified = lambda: True
    return user
