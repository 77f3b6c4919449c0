"""A cache that fails costs speed, never an answer (pasadena_pd/fail_soft_cache.py): with
Redis stopped (a closed port) or the database cache table missing, every public page still
answers 200, uncached; rate limits count per process; the failure is logged once."""

import logging
import socket
import threading
from importlib import import_module

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client, RequestFactory

from bench.dataset import build
from pasadena_pd import fail_soft_cache, page_cache
from pasadena_pd.page_cache import HEADER
from pasadena_pd.public_forms import count_submission, seconds_until_allowed

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens there once the socket is closed


def redis_stopped() -> dict:
    return {
        "BACKEND": "pasadena_pd.fail_soft_cache.FailSoftRedisCache",
        "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }


def table_missing() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_cache")  # rolled back with the test's transaction
    return {
        "BACKEND": "pasadena_pd.fail_soft_cache.FailSoftDatabaseCache",
        "LOCATION": "django_cache",
    }


BROKEN_CACHES = {"redis stopped": redis_stopped, "cache table missing": table_missing}


@pytest.fixture(params=BROKEN_CACHES)
def broken_cache(request, settings):
    fail_soft_cache._health.clear()
    page_cache._local.clear()
    settings.PAGE_CACHE_SECONDS = 60
    settings.PUBLIC_FORM_RATE = "3/h"
    settings.CACHES = {"default": BROKEN_CACHES[request.param]()}
    yield request.param
    fail_soft_cache._health.clear()


@pytest.fixture
def public_site():
    info = build(
        {"areas": 2, "events": 6, "upcoming_events": 3, "requests": 2, "registrations": 2},
        quiet=True,
    ).info
    slug = info["event_slug"]
    return info, [
        "/",
        "/events/",
        "/events/archive/",
        "/events/calendar/",
        f"/events/{slug}/",
        "/events/national-night-out/",
        "/events/national-night-out/block-party/",
        "/outreach/areas/",
        "/outreach/request/",
        "/pal/",
        "/pal/enroll/",
        "/calendar/",
        "/calendar/events.ics",
        f"/calendar/areas/{info['area_slug']}.ics",
        "/calendar/major-events.ics",
        f"/events/{slug}.ics",
    ]


def test_every_public_page_answers_200_uncached_without_the_cache(broken_cache, public_site):
    _info, paths = public_site
    client = Client(raise_request_exception=False)

    answers = {path: client.get(path) for path in paths for _visit in range(2)}

    assert {path: answer.status_code for path, answer in answers.items()} == dict.fromkeys(
        paths, 200
    )
    assert [path for path, answer in answers.items() if answer.has_header(HEADER)] == []


def test_the_request_form_is_accepted_without_the_cache(broken_cache, public_site, settings):
    settings.PUBLIC_FORM_RATE = "0"
    info, _paths = public_site
    client = Client()
    page = client.get("/outreach/request/").content.decode()
    fields = {name: value.replace("__N__", "soft") for name, value in info["request_form"].items()}
    fields["csrfmiddlewaretoken"] = page.split('name="csrfmiddlewaretoken" value="')[1][:64]
    fields["submission_key"] = page.split('name="submission_key" value="')[1].split('"')[0]

    answer = client.post("/outreach/request/", fields)

    assert answer.status_code == 303


def test_the_rate_limit_counts_per_process_without_the_cache(broken_cache, public_site):
    request = RequestFactory().post("/outreach/request/", REMOTE_ADDR="203.0.113.9")
    scope = "soft-" + broken_cache.replace(" ", "-")

    waits = []
    for _post in range(4):
        waits.append(seconds_until_allowed(request, scope))
        count_submission(request, scope)

    assert waits[:3] == [0, 0, 0]
    assert waits[3] > 0


def test_the_failure_is_logged_once_not_per_request(broken_cache, public_site, caplog):
    client = Client()
    with caplog.at_level(logging.ERROR, logger="pasadena_pd.fail_soft_cache"):
        for _visit in range(5):
            client.get("/events/")
        fail_soft_cache._health_of(cache._health_name()).resting_until = 0  # retry now
        client.get("/events/")

    reports = [record for record in caplog.records if record.name == "pasadena_pd.fail_soft_cache"]
    assert len(reports) == 1
    assert "pages are served uncached" in reports[0].getMessage()


def test_a_resting_cache_is_not_asked_again(broken_cache, public_site, django_assert_num_queries):
    client = Client()
    client.get("/")  # the cache fails once and rests
    assert cache.failing

    if broken_cache == "cache table missing":
        # Asking the cache table would be a query; the page itself makes none.
        with django_assert_num_queries(0):
            assert cache.get("anything", "missed") == "missed"
    else:
        assert cache.get("anything", "missed") == "missed"


def test_a_redis_that_hangs_costs_one_timeout_then_rests(settings, public_site):
    fail_soft_cache._health.clear()
    settings.PAGE_CACHE_SECONDS = 60
    accepted, stop = [], threading.Event()

    def accept_and_never_answer(server):
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue

    with socket.socket() as hanging:
        hanging.bind(("127.0.0.1", 0))
        hanging.listen()
        hanging.settimeout(0.05)
        listener = threading.Thread(target=accept_and_never_answer, args=(hanging,))
        listener.start()
        settings.CACHES = {
            "default": {
                **redis_stopped(),
                "LOCATION": f"redis://127.0.0.1:{hanging.getsockname()[1]}/0",
                "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
            }
        }
        client = Client()
        answers = [client.get("/events/").status_code for _visit in range(5)]
        stop.set()
        listener.join()
    for connection_to_close in accepted:
        connection_to_close.close()

    assert answers == [200] * 5
    assert len(accepted) == 1  # one timeout, then the cache rests: no request waits again


def test_healthz_says_degraded_but_answers_200_without_the_cache(broken_cache, client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_a_staff_session_cached_through_a_stopped_redis_still_signs_in(settings, admin_client):
    fail_soft_cache._health.clear()
    settings.CACHES = {"default": redis_stopped()}
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

    response = admin_client.get("/admin/")

    assert response.status_code == 200
    assert "<title>Staff workspace" in response.content.decode()


def test_migrate_creates_the_cache_table():
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE django_cache")
    migration = import_module("pasadena_pd.migrations.0005_cache_table")
    with connection.schema_editor() as editor:
        migration.create_cache_tables(None, editor)

    assert "django_cache" in connection.introspection.table_names()
