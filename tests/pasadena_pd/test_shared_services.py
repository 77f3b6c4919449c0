"""The app servers keep no state of their own: cache, rate limits, sessions and tasks are
shared services (docs/deployment.md)."""

import json
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.management import call_command
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from pasadena_pd.mail import send_templated_email
from pasadena_pd.public_forms import count_submission, seconds_until_allowed

BASE_DIR = Path(__file__).resolve().parents[2]
REDIS = ("127.0.0.1", 6379)


def redis_answers() -> bool:
    try:
        with socket.create_connection(REDIS, timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


needs_redis = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def redis_cache(settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "pasadena_pd.fail_soft_cache.FailSoftRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/2",
            "KEY_PREFIX": f"test-{uuid.uuid4().hex}",  # other runs share the server
            "TIMEOUT": 60,
        }
    }
    yield cache
    client = cache._cache.get_client(write=True)
    for key in client.scan_iter(cache.make_key("*")):
        client.delete(key)


def test_a_redis_cache_url_selects_djangos_redis_backend_fail_soft_with_its_options():
    environment = {
        **os.environ,
        "DEBUG": "true",
        "CACHE_URL": "redis://127.0.0.1:6379/1?key_prefix=pasadena&timeout=300",
        "PYTHONPATH": str(BASE_DIR),
    }
    script = (
        "import json, pasadena_pd.settings as s; print(json.dumps([s.CACHES, s.SESSION_ENGINE]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=True
    )

    caches, session_engine = json.loads(result.stdout.strip().splitlines()[-1])
    assert caches["default"] == {
        # Django's RedisCache, whose failures answer like an empty cache, with short timeouts.
        "BACKEND": "pasadena_pd.fail_soft_cache.FailSoftRedisCache",
        "LOCATION": "redis://127.0.0.1:6379/1",
        "KEY_PREFIX": "pasadena",
        "TIMEOUT": 300,
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
    assert session_engine == "django.contrib.sessions.backends.cached_db"


@needs_redis
def test_the_rate_limit_is_counted_in_redis_across_processes(redis_cache, settings):
    settings.PUBLIC_FORM_RATE = "2/m"
    request = RequestFactory().post("/outreach/request/", REMOTE_ADDR="203.0.113.7")

    answers = []
    for _ in range(3):
        answers.append(seconds_until_allowed(request, "request"))
        count_submission(request, "request")

    assert answers[:2] == [0, 0]
    assert answers[2] > 0
    # Another app server sees the same count: it is in Redis, not in this process.
    client = redis_cache._cache.get_client()
    keys = list(client.scan_iter(redis_cache.make_key("*203.0.113.7*")))
    assert len(keys) == 1


@needs_redis
@pytest.mark.django_db
def test_pages_are_cached_in_redis(redis_cache, settings, client):
    settings.PAGE_CACHE_SECONDS = 60

    client.get("/")
    response = client.get("/")

    assert response["X-Page-Cache"] == "hit"
    assert "Community Services Section" in response.content.decode()


# The worker closes old connections between tasks, as a long-running process should: the
# test's data must be committed, not held in a transaction the worker cannot see.
@pytest.mark.django_db(transaction=True)
def test_a_queued_email_is_sent_by_the_task_worker(tmp_path, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    template_dir = tmp_path / "mail"
    template_dir.mkdir()
    (template_dir / "queued_subject.txt").write_text("Your request {{ number }}\n")
    (template_dir / "queued_body.txt").write_text("We received request {{ number }}.")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    send_templated_email(to="resident@example.org", template="mail/queued", context={"number": 7})

    assert mail.outbox == []  # queued, not sent inside the request
    assert DBTaskResult.objects.get().status == "READY"

    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    assert [message.subject for message in mail.outbox] == ["Your request 7"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
