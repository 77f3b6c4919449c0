"""Hostile input against event registration, block parties, the list filters and calendar."""

import pytest

from events.models import BlockParty, Event, Registration
from pasadena_pd.models import StateChange
from tests.events.factories import BlockPartyFactory, EventFactory, RegistrationFactory
from tests.security import public_forms
from tests.security.fuzz import Target, fuzz_form, fuzz_path, fuzz_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]

WRITES = (Registration, BlockParty, StateChange)


@pytest.mark.parametrize("build", [public_forms.event_registration, public_forms.block_party])
def test_event_forms_survive_hostile_input(client, build):
    form = build()
    assert fuzz_form(client, Target(form.url, form.fields, WRITES, form.valid)) > 0


@pytest.mark.parametrize(
    ("url", "parameters"),
    [
        ("/events/", ("kind", "area", "page")),
        ("/events/archive/", ("page",)),
        ("/events/calendar/", ("month",)),
        ("/events/national-night-out/", ("year",)),
    ],
)
def test_event_pages_survive_hostile_query_strings(client, url, parameters):
    EventFactory(kind=Event.Kind.NEIGHBORHOOD_WATCH)
    assert fuzz_query(client, url, parameters) > 0


def test_private_event_links_survive_hostile_tokens(client):
    RegistrationFactory()
    BlockPartyFactory()
    for template in ("/events/registrations/{}/", "/events/block-parties/{}/"):
        assert fuzz_path(client, template) > 0
        assert fuzz_path(client, template + "cancel/", method="post", models=WRITES) > 0
    assert fuzz_path(client, "/events/{}/") > 0
    assert fuzz_path(client, "/events/{}/register/", method="post", models=WRITES) > 0
