"""Hostile input against every public form and query parameter (tests/security/fuzz.py).

Add each app's public forms and filtered pages to FORMS and QUERIES.
"""

import pytest

from pasadena_pd.workflow import record_state_change
from tests.factories import SpecialistFactory
from tests.security.fuzz import Target, fuzz_form, fuzz_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]

FORMS = [
    Target("/i18n/setlang/", ("language", "next"), valid={"language": "es", "next": "/"}),
    Target("/admin/login/", ("username", "password"), valid={"username": "nobody"}),
]

QUERIES = [
    ("/", ("q", "page", "lang")),
    ("/outreach/areas/", ("q", "area", "page")),
    ("/events/", ("kind", "month", "year", "page")),
    ("/pal/", ("term",)),
    ("/no-such-page/", ("next",)),
    ("/account/two-factor/verify/", ("next",)),
]

ADMIN_QUERIES = [
    (
        "/admin/pasadena_pd/statechange/",
        ("q", "o", "p", "e", "changed_at__year", "changed_at__month", "to_state", "all"),
    ),
    ("/admin/outreach/area/", ("q", "o", "p", "name__exact")),
]


@pytest.mark.parametrize("target", FORMS, ids=lambda target: target.url)
def test_public_form_survives_hostile_input(client, target):
    assert fuzz_form(client, target) > 0


@pytest.mark.parametrize(("url", "parameters"), QUERIES, ids=[url for url, _ in QUERIES])
def test_public_page_survives_hostile_query_strings(client, url, parameters):
    SpecialistFactory()
    assert fuzz_query(client, url, parameters) > 0


@pytest.mark.parametrize(("url", "parameters"), ADMIN_QUERIES, ids=[u for u, _ in ADMIN_QUERIES])
def test_admin_lists_survive_hostile_query_strings(admin_client, url, parameters):
    area = SpecialistFactory().area
    record_state_change(area, "", "new", actor_label="system")
    assert fuzz_query(admin_client, url, parameters) > 0


def test_nul_characters_get_the_bad_request_page(client):
    response = client.get("/events/", {"q": "a\x00b"})

    assert response.status_code == 400
    assert "We could not understand that request" in response.text
