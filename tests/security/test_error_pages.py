import pytest
from django.test import Client

from tests.security.urls import SECRET_DETAIL

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.security.urls")]

LEAKS = [SECRET_DETAIL, "Traceback", "RuntimeError", "site-packages", "jordan@example.org"]


def _assert_leaks_nothing(response):
    for leak in LEAKS:
        assert leak not in response.text


def test_server_error_is_our_page_and_reveals_nothing(client):
    client.raise_request_exception = False

    response = client.get("/test-explode/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert "Pasadena Police Department" in response.text
    _assert_leaks_nothing(response)


def test_not_found_is_our_page_and_does_not_echo_the_path(client):
    response = client.get("/requests/Zx9-secret-token-in-the-url/")

    assert response.status_code == 404
    assert "Page not found" in response.text
    assert "Zx9-secret-token-in-the-url" not in response.text


def test_permission_denied_is_our_page(client):
    response = client.get("/test-forbid/")

    assert response.status_code == 403
    assert "You do not have access to this page" in response.text
    _assert_leaks_nothing(response)


def test_bad_host_gets_our_bad_request_page(client):
    response = client.get("/", HTTP_HOST="evil.example")

    assert response.status_code == 400
    assert "We could not understand that request" in response.text
    assert "evil.example" not in response.text


def test_csrf_failure_gets_our_expired_form_page():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/i18n/setlang/", {"language": "es"})

    assert response.status_code == 403
    assert "This form has expired" in response.text
    assert "CSRF" not in response.text
