"""While PostgreSQL restarts, visitors get "try again in a minute" (503), not an error (500)."""

import pytest


@pytest.mark.django_db
@pytest.mark.urls("tests.pasadena_pd.unavailable_urls")
def test_a_database_that_does_not_answer_gives_503_with_retry_after(client):
    client.raise_request_exception = False
    response = client.get("/test-database-gone/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert b"briefly unavailable" in response.content
    assert b"shutting down" not in response.content
