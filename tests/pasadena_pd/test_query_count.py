import pytest

pytestmark = pytest.mark.django_db


def test_the_benchmark_header_counts_every_query_of_the_response(client, settings):
    settings.MIDDLEWARE = ["pasadena_pd.query_count.QueryCountMiddleware", *settings.MIDDLEWARE]
    # A cache outside the database, as in production (Redis): the one query is SELECT 1.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

    response = client.get("/healthz")

    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert response["X-Query-Count"] == "1"


def test_the_header_is_off_unless_asked_for(client):
    assert "X-Query-Count" not in client.get("/healthz")
