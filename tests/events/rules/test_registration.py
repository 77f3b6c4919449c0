"""events/rules/registration.py: whether an event takes a registration now; places left."""

import datetime
from types import SimpleNamespace

import pytest

from events.rules.registration import places_left, registration_refusal

NOW = datetime.datetime(2027, 5, 1, 12, 0, tzinfo=datetime.UTC)


def _event(**overrides):
    values = {
        "published": True,
        "cancelled": False,
        "takes_registrations": True,
        "starts_at": NOW + datetime.timedelta(days=7),
        "registration_opens_at": None,
        "registration_closes_at": None,
        "max_party_size": 4,
        **overrides,
    }
    return SimpleNamespace(**values)


def test_an_open_event_takes_a_party_within_its_size():
    assert registration_refusal(_event(), now=NOW, party_size=4) is None


@pytest.mark.parametrize(
    ("overrides", "party_size", "reason"),
    [
        ({"published": False}, 1, "not open for registration"),
        ({"cancelled": True}, 1, "has been cancelled"),
        ({"takes_registrations": False}, 1, "does not take registrations"),
        ({"starts_at": NOW}, 1, "already started"),
        ({"registration_opens_at": NOW + datetime.timedelta(hours=1)}, 1, "not opened yet"),
        ({"registration_closes_at": NOW}, 1, "has closed"),
        ({}, 5, "from 1 to 4 people"),
        ({}, 0, "from 1 to 4 people"),
    ],
)
def test_a_refusal_says_why(overrides, party_size, reason):
    assert reason in registration_refusal(_event(**overrides), now=NOW, party_size=party_size)


@pytest.mark.parametrize(
    ("capacity", "confirmed", "left"),
    [(None, 120, None), (50, 0, 50), (50, 48, 2), (50, 50, 0), (50, 53, 0)],
)
def test_places_left(capacity, confirmed, left):
    assert places_left(capacity, confirmed) == left
