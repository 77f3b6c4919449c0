import logging

import pytest
from django.test import Client

from tests.factories import UserFactory
from tests.security.otp import FACTORY_PASSWORD

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/?next=/admin/"


def _client_from(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def _fail(client, username, times):
    for _ in range(times):
        client.post(LOGIN, {"username": username, "password": "wrong-password-guess"})


def test_locked_pair_cannot_log_in_but_same_user_from_elsewhere_can(settings, caplog):
    user = UserFactory(username="supervisor.lee")
    attacker = _client_from("198.51.100.7")

    with caplog.at_level(logging.WARNING, logger="axes"):
        _fail(attacker, user.username, settings.AXES_FAILURE_LIMIT)
    locked = attacker.post(LOGIN, {"username": user.username, "password": FACTORY_PASSWORD})

    assert locked.status_code == 429
    assert "Sign-in paused" in locked.text
    assert "Please try again in 30 minutes" in locked.text
    assert "_auth_user_id" not in attacker.session
    assert any("locking out" in record.getMessage().lower() for record in caplog.records)

    colleague = _client_from("203.0.113.20")
    allowed = colleague.post(LOGIN, {"username": user.username, "password": FACTORY_PASSWORD})
    assert allowed.status_code == 302
    assert colleague.session["_auth_user_id"] == str(user.pk)


def test_the_locked_address_can_still_sign_in_as_someone_else(settings):
    locked_user = UserFactory(username="supervisor.kim")
    other = UserFactory(username="coordinator.ray")
    shared_office = _client_from("192.0.2.10")

    _fail(shared_office, locked_user.username, settings.AXES_FAILURE_LIMIT)
    response = shared_office.post(LOGIN, {"username": other.username, "password": FACTORY_PASSWORD})

    assert response.status_code == 302


def test_fewer_failures_than_the_limit_do_not_lock(settings):
    user = UserFactory(username="advisor.ng")
    client = _client_from("198.51.100.8")

    _fail(client, user.username, settings.AXES_FAILURE_LIMIT - 1)
    response = client.post(LOGIN, {"username": user.username, "password": FACTORY_PASSWORD})

    assert response.status_code == 302


def test_an_overlong_username_is_a_form_error_not_a_server_error(client):
    response = client.post(LOGIN, {"username": "u" * 300, "password": "anything-at-all"})

    assert response.status_code == 200
    assert "Ensure this value has at most 150 characters" in response.text
