"""Factories for outreach requests and bookings (areas, users, resources: tests/factories.py)."""

import datetime

import factory
from django.utils import timezone

from outreach.models import PresentationRequest
from pasadena_pd.rules import is_weekend
from tests.factories import AreaFactory


def next_weekday(days_ahead: int, *, weekend: bool = False) -> datetime.date:
    """The first day at least `days_ahead` from today of the wanted type, off major events."""
    from outreach.selectors import blackouts_between

    day = timezone.localdate() + datetime.timedelta(days=days_ahead)
    blackouts = blackouts_between(day, day + datetime.timedelta(days=40))
    while is_weekend(day) != weekend or any(b.covers(day) for b in blackouts):
        day += datetime.timedelta(days=1)
    return day


class PresentationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PresentationRequest
        skip_postgeneration_save = True

    kind = "neighborhood_watch"
    title = factory.Sequence(lambda n: f"Watch meeting {n}")
    date = factory.LazyFunction(lambda: next_weekday(20))
    start_time = datetime.time(18, 0)
    end_time = datetime.time(20, 0)
    area = factory.SubFactory(AreaFactory)
    location = "100 N Garfield Ave, Pasadena"
    expected_attendance = 30
    contact_name = "Rosa Resident"
    contact_email = factory.Sequence(lambda n: f"resident{n}@example.org")
    contact_phone = "626-555-0100"

    @factory.post_generation
    def resources(self, create, extracted, **kwargs):
        if create and extracted:
            self.resources.set(extracted)


def request_form_data(day: datetime.date, **overrides) -> dict:
    """What a resident posts to the public request form (the area is the "central" one)."""
    return {
        "kind": "neighborhood_watch",
        "title": "Orange Grove Neighborhood Watch",
        "date": day.isoformat(),
        "start_time": "18:30",
        "end_time": "20:00",
        "area": "central",
        "location": "300 E Orange Grove Blvd",
        "expected_attendance": "25",
        "organization": "Orange Grove neighbors",
        "contact_name": "Rosa Resident",
        "contact_email": "rosa@example.org",
        "contact_phone": "626-555-0100",
        "notes": "",
        "submission_key": "a" * 32,
        **overrides,
    }


# The request admin's change form posts its inlines' management forms too (none changed).
NO_INLINE_ROWS = {
    "outreach-resourcebooking-content_type-object_id-TOTAL_FORMS": "0",
    "resourcebooking_set-TOTAL_FORMS": "0",
    "resourcebooking_set-INITIAL_FORMS": "0",
    "pasadena_pd-statechange-content_type-object_id-TOTAL_FORMS": "0",
    "pasadena_pd-statechange-content_type-object_id-INITIAL_FORMS": "0",
    "pasadena_pd-recordactivity-content_type-object_id-TOTAL_FORMS": "0",
    "pasadena_pd-recordactivity-content_type-object_id-INITIAL_FORMS": "0",
    "bookings-TOTAL_FORMS": "0",
    "bookings-INITIAL_FORMS": "0",
}
