import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from events.models import Event, Registration
from tests.events.factories import (
    EventFactory,
    NationalNightOutDateFactory,
    RegistrationFactory,
    in_days,
    local_datetime,
)

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_second_active_registration_for_the_same_email():
    event = EventFactory()
    RegistrationFactory(event=event, email="Ana@example.org")
    with pytest.raises(IntegrityError):
        RegistrationFactory(event=event, email="ana@EXAMPLE.org")


def test_a_cancelled_registration_does_not_block_a_new_one():
    event = EventFactory()
    RegistrationFactory(event=event, email="ana@example.org", status="cancelled")
    RegistrationFactory(event=event, email="ana@example.org")
    assert Registration.objects.count() == 2


def test_an_event_must_end_after_it_starts():
    with pytest.raises(IntegrityError):
        EventFactory(ends_at=local_datetime(in_days(14), 18))


def test_a_cancelled_event_needs_a_reason():
    with pytest.raises(IntegrityError):
        EventFactory(status="cancelled", cancellation_reason="")


def test_an_event_slug_cannot_shadow_a_page():
    event = EventFactory.build(slug="calendar")
    with pytest.raises(ValidationError) as error:
        event.full_clean()
    assert "slug" in error.value.message_dict


def test_a_moved_date_stays_in_its_year():
    with pytest.raises(IntegrityError):
        NationalNightOutDateFactory(year=2020, date=datetime.date(2021, 1, 5))


def test_queryset_methods():
    upcoming = EventFactory()
    EventFactory(published=False)
    past = EventFactory(
        starts_at=local_datetime(in_days(-3), 18), ends_at=local_datetime(in_days(-3), 19)
    )
    assert list(Event.objects.published().upcoming()) == [upcoming]
    assert list(Event.objects.published().past()) == [past]
    month = upcoming.starts_at.astimezone(upcoming.starts_at.tzinfo)
    assert upcoming in Event.objects.in_month(month.year, month.month)
