"""Issue 14: the public events registration form must not tell whether an address is
registered for an event. Before the fix, a registered address was answered "This email
address is already registered for this event" and a new one was taken to its private page.
"""

import re

import pytest
from django.core import mail

from events.models import Registration
from tests.events.factories import EventFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def _answer(client, event, email, party_size="1"):
    data = {"name": "Curious Visitor", "email": email, "party_size": party_size}
    response = client.post(f"/events/{event.slug}/register/", data, follow=True)
    return response.redirect_chain, response.status_code, _CSRF.sub("", response.text)


def test_a_registered_address_and_a_new_one_get_the_same_answer(client, settings):
    settings.PUBLIC_FORM_RATE = "0"
    event = EventFactory(capacity=None)
    known = RegistrationFactory(event=event, email="neighbour@example.org")

    as_known = _answer(client, event, "NEIGHBOUR@example.org")
    as_new = _answer(client, event, "stranger@example.net")

    assert as_known == as_new
    assert as_known[0] == [(f"/events/{event.slug}/register/sent/", 302)]
    assert "already" not in as_known[2] and known.token not in as_known[2]
    # Each address learns its own outcome by email, with its private link.
    (to_known,) = [m for m in mail.outbox if m.to == ["neighbour@example.org"]]
    assert known.get_absolute_url() in to_known.body
    assert Registration.objects.filter(event=event).count() == 2


def test_a_party_too_large_is_answered_alike_for_a_registered_address(client, settings):
    settings.PUBLIC_FORM_RATE = "0"
    event = EventFactory(capacity=3, max_party_size=4)
    RegistrationFactory(event=event, email="neighbour@example.org", party_size=1)

    as_known = _answer(client, event, "neighbour@example.org", party_size="4")
    as_new = _answer(client, event, "stranger@example.net", party_size="4")

    assert as_known[1] == as_new[1] == 400
    assert "Only 2 places are left" in as_known[2]
    assert as_known[2].replace("neighbour@example.org", "X") == as_new[2].replace(
        "stranger@example.net", "X"
    )
