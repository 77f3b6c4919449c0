"""Capacity under concurrent registrations and confirmations: separate threads, separate
database connections."""

import threading

import pytest
from django.db import connection

from events.errors import EventsError
from events.models import Registration
from events.services.registrations import confirm_registration, register_for_event
from pasadena_pd.permissions import LinkHolder
from tests.events.factories import EventFactory

THREADS = 12


@pytest.mark.django_db(transaction=True)
def test_concurrent_registrations_never_overbook():
    event = EventFactory(capacity=5, max_party_size=2)
    barrier = threading.Barrier(THREADS)
    errors = []

    def register(number):
        try:
            barrier.wait(timeout=10)
            outcome = register_for_event(
                event=event,
                name=f"Resident {number}",
                email=f"resident{number}@example.org",
                party_size=1 + number % 2,
                waitlist_if_too_large=True,  # each accepts the waitlist when told
            )
            # Places are decided when the address confirms: the confirmations race.
            token = outcome.registration.token
            confirm_registration(outcome.registration, by=LinkHolder(token, "registrant"))
        except EventsError as error:  # pragma: no cover - would be a failure below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    registrations = Registration.objects.filter(event=event)
    confirmed = sum(r.party_size for r in registrations if r.status == "confirmed")
    assert registrations.count() == THREADS
    assert confirmed <= 5
    # Every waiting party is too big for what is left: no place stays empty needlessly.
    left = 5 - confirmed
    assert all(r.party_size > left for r in registrations if r.status == "waitlisted")


@pytest.mark.django_db(transaction=True)
def test_the_same_email_twice_at_once_gives_one_registration():
    event = EventFactory(capacity=5)
    barrier = threading.Barrier(4)

    def register():
        try:
            barrier.wait(timeout=10)
            register_for_event(event=event, name="Ana", email="ana@example.org")
        finally:
            connection.close()

    threads = [threading.Thread(target=register) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert Registration.objects.filter(event=event).count() == 1
