from unittest import mock

import pytest
from django.db import DatabaseError

pytestmark = pytest.mark.django_db


def test_home_page_shows_navigation_to_every_section(client):
    response = client.get("/")
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in html
    for link in ('href="/events/"', 'href="/pal/"', 'href="/outreach/areas/"'):
        assert link in html
    assert 'href="#main"' in html  # skip link


def test_no_page_names_an_external_host(client):
    html = client.get("/").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "https://" not in html


def test_healthz_answers_ok_when_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}


def test_healthz_answers_503_when_database_fails(client):
    with mock.patch("pasadena_pd.views.connection.cursor", side_effect=DatabaseError("down")):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_spanish_interface_is_selectable(client):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    assert '<html lang="es">' in response.content.decode()


def test_areas_page_lists_each_specialist(client):
    from tests.factories import SpecialistFactory

    specialist = SpecialistFactory(name="Officer Rosa Méndez", area__name="Northwest")
    html = client.get("/outreach/areas/").content.decode()
    assert "Northwest" in html
    assert "Officer Rosa Méndez" in html
    assert specialist.email in html
