import datetime

import pytest
from django.core import mail
from django.utils import timezone

from events.errors import EventsError, PartyTooLarge
from events.models import Registration
from events.services.registrations import (
    cancel_registration,
    confirm_registration,
    confirmed_people,
    promote_from_waitlist,
    register_for_event,
    waitlist_position,
)
from pasadena_pd.permissions import LinkHolder
from pasadena_pd.workflow import history_of
from tests.events.factories import EventFactory, OnlineEventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db


def register(event, email, party_size=1, confirm=True, **kwargs):
    """Register and (by default) confirm through the emailed link: nothing is held before."""
    outcome = register_for_event(
        event=event, name="Ana Lopez", email=email, party_size=party_size, **kwargs
    )
    if confirm and outcome.created:
        mail.outbox.clear()  # the tests read the emails of the confirmed registration
        registration = outcome.registration
        confirm_registration(registration, by=LinkHolder(registration.token, "registrant"))
        registration.refresh_from_db()
    return outcome


def test_a_registration_that_fits_is_confirmed_and_emailed_with_the_join_details(settings):
    settings.SITE_URL = "https://pd.example"  # no visitor: the setting
    event = OnlineEventFactory(capacity=10)
    outcome = register(event, "ana@example.org", party_size=2)
    assert outcome.created
    assert outcome.registration.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]
    body = mail.outbox[0].body
    assert "827 0000 0699" in body
    assert "https://meet.example.org/j/123456" in body
    assert f"https://pd.example/events/registrations/{outcome.registration.token}/" in body
    assert [c.to_state for c in history_of(outcome.registration)] == ["unconfirmed", "confirmed"]


def test_a_full_event_puts_people_on_the_waitlist_without_join_details():
    event = OnlineEventFactory(capacity=2)
    register(event, "a@example.org", party_size=2)
    outcome = register(event, "b@example.org")
    assert outcome.registration.status == Registration.Status.WAITLISTED
    assert waitlist_position(outcome.registration) == 1
    assert "827 0000 0699" not in mail.outbox[-1].body
    assert "number 1 on the waitlist" in mail.outbox[-1].body


def test_party_size_counts_against_capacity():
    event = EventFactory(capacity=5)
    register(event, "a@example.org", party_size=4)
    with pytest.raises(PartyTooLarge) as refused:  # told, not silently waitlisted
        register(event, "b@example.org", party_size=2)
    too_big = register(event, "b@example.org", party_size=2, waitlist_if_too_large=True)
    fits = register(event, "c@example.org", party_size=1)
    assert (refused.value.places_left, refused.value.party_size) == (1, 2)
    assert too_big.registration.status == Registration.Status.WAITLISTED
    assert fits.registration.status == Registration.Status.CONFIRMED
    assert confirmed_people(event) == 5


def test_the_same_email_gets_one_registration_whatever_its_case():
    event = EventFactory()
    first = register(event, "Ana@Example.org")
    again = register(event, "ana@example.ORG")
    assert not again.created
    assert again.registration == first.registration
    assert Registration.objects.filter(event=event).count() == 1
    assert mail.outbox[-1].to == ["Ana@Example.org"]  # the link goes to the address on file


def test_after_cancelling_the_same_email_can_register_again():
    event = EventFactory()
    first = register(event, "ana@example.org").registration
    cancel_registration(first, by=LinkHolder(first.token, "registrant"))
    again = register(event, "ana@example.org")
    assert again.created
    assert Registration.objects.filter(event=event).count() == 2


@pytest.mark.parametrize(
    ("event_kwargs", "message"),
    [
        ({"published": False}, "not open for registration"),
        ({"status": "cancelled", "cancellation_reason": "Rain"}, "cancelled"),
        ({"takes_registrations": False}, "does not take registrations"),
        ({"starts_at_days": -1}, "already started"),
        ({"opens_in_hours": 2}, "not opened yet"),
        ({"closed_hours_ago": 1}, "has closed"),
    ],
)
def test_registration_is_refused_with_a_reason(event_kwargs, message):
    now = timezone.now()
    kwargs = dict(event_kwargs)
    if "starts_at_days" in kwargs:
        start = now + datetime.timedelta(days=kwargs.pop("starts_at_days"))
        kwargs.update(starts_at=start, ends_at=now + datetime.timedelta(days=1))
    if "opens_in_hours" in kwargs:
        kwargs["registration_opens_at"] = now + datetime.timedelta(
            hours=kwargs.pop("opens_in_hours")
        )
    if "closed_hours_ago" in kwargs:
        hours = kwargs.pop("closed_hours_ago")
        kwargs["registration_opens_at"] = now - datetime.timedelta(days=3)
        kwargs["registration_closes_at"] = now - datetime.timedelta(hours=hours)
    event = EventFactory(**kwargs)
    with pytest.raises(EventsError, match=message):
        register(event, "ana@example.org")
    assert not Registration.objects.exists()
    assert mail.outbox == []


@pytest.mark.parametrize("party_size", [0, -1, 5, 10_000])
def test_absurd_party_sizes_are_refused(party_size):
    event = EventFactory(max_party_size=4)
    with pytest.raises(EventsError, match="from 1 to 4"):
        register(event, "ana@example.org", party_size=party_size)
    assert not Registration.objects.exists()


def test_cancelling_promotes_the_first_waiting_and_emails_them():
    event = OnlineEventFactory(capacity=1)
    holder = register(event, "a@example.org").registration
    first = register(event, "b@example.org").registration
    second = register(event, "c@example.org").registration
    mail.outbox.clear()

    promoted = cancel_registration(holder, by=LinkHolder(holder.token, "registrant"))

    assert promoted == [first]
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED
    assert second.status == Registration.Status.WAITLISTED
    assert waitlist_position(second) == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["a@example.org", "b@example.org"]
    promoted_mail = next(m for m in mail.outbox if m.to == ["b@example.org"])
    assert "A place opened up" in promoted_mail.subject
    assert "827 0000 0699" in promoted_mail.body
    assert [c.to_state for c in history_of(first)] == ["unconfirmed", "waitlisted", "confirmed"]


def test_a_party_too_big_keeps_its_turn_while_a_smaller_one_moves_up():
    event = EventFactory(capacity=2)
    holder = register(event, "a@example.org", party_size=1).registration
    register(event, "b@example.org", party_size=1)
    big = register(event, "c@example.org", party_size=2).registration
    small = register(event, "d@example.org", party_size=1).registration

    cancel_registration(holder, by=LinkHolder(holder.token, "registrant"))

    big.refresh_from_db()
    small.refresh_from_db()
    assert big.status == Registration.Status.WAITLISTED
    assert small.status == Registration.Status.CONFIRMED
    assert waitlist_position(big) == 1


def test_cancelling_twice_is_refused():
    registration = RegistrationFactory(status=Registration.Status.CANCELLED)
    with pytest.raises(EventsError, match="already cancelled"):
        cancel_registration(registration, by=LinkHolder(registration.token, "registrant"))


def test_cancelling_after_the_event_is_refused():
    now = timezone.now()
    event = EventFactory(
        starts_at=now - datetime.timedelta(hours=3), ends_at=now - datetime.timedelta(hours=2)
    )
    registration = RegistrationFactory(event=event)
    with pytest.raises(EventsError, match="over"):
        cancel_registration(registration, by=LinkHolder(registration.token, "registrant"))
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_a_larger_capacity_fills_from_the_waitlist():
    event = EventFactory(capacity=1)
    register(event, "a@example.org")
    waiting = register(event, "b@example.org").registration
    event.capacity = 2
    event.save()
    assert promote_from_waitlist(event) == [waiting]


def test_a_malformed_email_is_refused_with_a_message():
    event = EventFactory()
    with pytest.raises(EventsError, match="valid email"):
        register(event, "not an email")
    assert not Registration.objects.exists()
