import pytest

pytestmark = pytest.mark.django_db


def test_nul_in_a_query_string_is_a_bad_request(client):
    response = client.get("/events/", {"kind": "x\x00y"})

    assert response.status_code == 400
    assert "We could not understand that request" in response.text


def test_nul_in_a_posted_form_is_a_bad_request_and_changes_nothing(client):
    response = client.post("/i18n/setlang/", {"language": "es\x00", "next": "/"})

    assert response.status_code == 400
    assert "django_language" not in response.cookies


def test_ordinary_requests_pass(client):
    assert client.get("/events/", {"kind": "national-night-out"}).status_code == 200
