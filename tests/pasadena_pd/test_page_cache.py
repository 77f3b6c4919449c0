import gzip
import re

import pytest
from django.conf import settings as django_settings
from django.test import Client

from pasadena_pd import page_cache
from pasadena_pd.page_cache import CSRF_PLACEHOLDER, HEADER
from tests.factories import AreaFactory, UserFactory
from tests.pasadena_pd import page_cache_urls

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.pasadena_pd.page_cache_urls")]
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="key" value="([^"]+)"')


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_VIEWS = frozenset(
        {"areas", "form", "private", "once_form", "big", "big_form"}
    )
    page_cache_urls.calls.clear()
    page_cache._local.clear()


def test_second_anonymous_visit_is_served_from_the_cache(client):
    AreaFactory(name="Northwest")

    first = client.get("/areas/")
    second = client.get("/areas/")

    assert first[HEADER] == "miss"
    assert second[HEADER] == "hit"
    assert second.content.decode() == "Areas: Northwest; q="
    assert page_cache_urls.calls["areas"] == 1


def test_a_data_change_shows_as_soon_as_it_is_committed(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        AreaFactory(name="Northwest")
    client.get("/areas/")

    with django_capture_on_commit_callbacks(execute=True):
        AreaFactory(name="Central")
    response = client.get("/areas/")

    assert response[HEADER] == "miss"
    assert response.content.decode() == "Areas: Central, Northwest; q="


def test_a_change_not_yet_committed_keeps_the_cached_page(client):
    AreaFactory(name="Northwest")
    client.get("/areas/")

    AreaFactory(name="Central")  # its transaction (the test's) never commits

    assert client.get("/areas/")[HEADER] == "hit"


def test_one_transaction_moves_the_version_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        AreaFactory(name="Northwest")
        AreaFactory(name="Central")

    moves = [c for c in callbacks if getattr(c, "key", None) == page_cache.VERSION_KEY]
    assert len(moves) == 1


def test_a_hit_carries_the_same_headers_as_the_page_it_was_stored_from(client):
    """Hits are answered before most middleware (PageCacheHitMiddleware): the security
    headers, CSP, language and CSRF cookie must still be those of a fresh answer."""
    fresh = Client().get("/form/")

    hit = Client().get("/form/")

    assert (fresh[HEADER], hit[HEADER]) == ("miss", "hit")
    assert sorted(name for name in hit.headers if name != HEADER) == sorted(
        name for name in fresh.headers if name != HEADER
    )
    for name in (
        "X-Frame-Options",
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
    ):
        assert hit[name] == fresh[name]
    assert django_settings.CSRF_COOKIE_NAME in hit.cookies


def test_each_query_string_is_its_own_page(client):
    client.get("/areas/?q=one")

    response = client.get("/areas/?q=two")

    assert response.content.decode() == "Areas: ; q=two"


def test_logged_in_staff_never_get_or_fill_the_cache(client):
    client.force_login(UserFactory())

    client.get("/areas/")
    response = client.get("/areas/")

    assert HEADER not in response
    assert page_cache_urls.calls["areas"] == 2


def test_a_visitor_with_any_other_cookie_is_not_cached(client):
    client.cookies["guardian"] = "kept-for-this-family"

    client.get("/areas/")
    client.get("/areas/")

    assert page_cache_urls.calls["areas"] == 2


def test_pages_that_forbid_caching_are_not_stored(client):
    client.get("/private/")
    response = client.get("/private/")

    assert response.content == b"Your own page"
    assert page_cache_urls.calls["private"] == 2


def test_turned_off_with_zero_seconds(client, settings):
    settings.PAGE_CACHE_SECONDS = 0

    client.get("/areas/")
    client.get("/areas/")

    assert page_cache_urls.calls["areas"] == 2


def test_a_cached_form_carries_each_visitors_own_csrf_token_and_posts():
    alice, bob = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)

    alice_page = alice.get("/form/")
    bob_page = bob.get("/form/")

    assert bob_page[HEADER] == "hit"
    assert CSRF_PLACEHOLDER not in bob_page.content.decode()
    alice_token = TOKEN.search(alice_page.content.decode()).group(1)
    bob_token = TOKEN.search(bob_page.content.decode()).group(1)
    assert alice_token != bob_token
    assert alice.post("/form/", {"csrfmiddlewaretoken": alice_token}).content == b"Thank you"
    assert bob.post("/form/", {"csrfmiddlewaretoken": bob_token}).content == b"Thank you"
    assert Client(enforce_csrf_checks=True).post("/form/", {}).status_code == 403


def test_a_cached_form_gets_a_fresh_one_time_key_in_every_response(client):
    keys = [KEY.search(client.get("/once-form/").content.decode()).group(1) for _ in range(3)]

    assert page_cache_urls.calls["once_form"] == 1
    assert len(set(keys)) == 3
    assert all(len(key) == 32 for key in keys)


def test_a_page_with_a_one_time_key_still_tells_browsers_not_to_store_it(client):
    client.get("/once-form/")

    response = client.get("/once-form/")

    assert response[HEADER] == "hit"
    assert "no-store" in response["Cache-Control"]


def test_without_the_page_cache_the_key_is_fresh_too(client, settings):
    settings.PAGE_CACHE_SECONDS = 0

    first, second = (client.get("/once-form/").content for _ in range(2))

    assert first != second


def test_a_current_copy_is_answered_304_from_the_cache(client):
    client.get("/big/")

    response = client.get("/big/", HTTP_IF_NONE_MATCH='"feed-1"')

    assert response.status_code == 304
    assert response["ETag"] == '"feed-1"'
    assert page_cache_urls.calls["big"] == 1


def test_a_large_text_page_is_sent_compressed_to_clients_that_accept_it(client):
    plain = client.get("/big/").content

    response = client.get("/big/", HTTP_ACCEPT_ENCODING="gzip, deflate")

    assert response["Content-Encoding"] == "gzip"
    assert gzip.decompress(response.content) == plain
    assert response["ETag"] == 'W/"feed-1"'
    assert "Accept-Encoding" in response["Vary"]
    assert client.get("/big/", HTTP_IF_NONE_MATCH='W/"feed-1"').status_code == 304


def test_a_page_with_a_csrf_token_is_never_compressed(client):
    client.get("/big-form/")

    response = client.get("/big-form/", HTTP_ACCEPT_ENCODING="gzip")

    assert response[HEADER] == "hit"
    assert not response.has_header("Content-Encoding")
    assert TOKEN.search(response.content.decode())
