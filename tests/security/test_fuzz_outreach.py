"""Hostile input against the presentation request form, its private links and query strings."""

import pytest

from outreach.models import PresentationRequest, ResourceBooking
from pasadena_pd.models import StateChange
from tests.outreach.factories import PresentationRequestFactory
from tests.security import public_forms
from tests.security.fuzz import Target, fuzz_form, fuzz_path, fuzz_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]

WRITES = (PresentationRequest, ResourceBooking, StateChange)


@pytest.fixture
def request_form(db):
    return public_forms.presentation_request()


def test_request_form_survives_hostile_input(client, request_form):
    form = request_form
    assert fuzz_form(client, Target(form.url, form.fields, WRITES, form.valid)) > 0


def test_request_form_prefill_survives_hostile_query_strings(client, request_form):
    parameters = ("kind", "title", "date", "start_time", "end_time", "area", "location")
    assert fuzz_query(client, "/outreach/request/", (*parameters, "resources")) > 0
    assert fuzz_query(client, "/outreach/areas/", ("area", "q")) > 0


def test_private_request_links_survive_hostile_tokens(client, request_form):
    PresentationRequestFactory()
    assert fuzz_path(client, "/outreach/requests/{}/") > 0
    assert fuzz_path(client, "/outreach/requests/{}/cancel/", method="post", models=WRITES) > 0
