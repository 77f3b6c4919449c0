import pytest

pytestmark = pytest.mark.django_db


def _policy(response) -> dict[str, list[str]]:
    directives = {}
    for part in response["Content-Security-Policy"].split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


@pytest.mark.parametrize("url", ["/", "/events/", "/pal/", "/outreach/areas/", "/admin/login/"])
def test_every_page_sends_a_strict_content_security_policy(client, url):
    policy = _policy(client.get(url))

    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert not {"'unsafe-inline'", "'unsafe-eval'"} & set(
        policy["script-src"] + policy["style-src"]
    )


def test_error_pages_send_the_policy_too(client):
    assert "object-src 'none'" in client.get("/no-such-page/")["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/", "/events/", "/admin/login/"])
def test_pages_send_the_other_security_headers(client, url):
    response = client.get(url)

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_session_cookie_is_httponly_and_samesite(client, admin_user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": admin_user.username, "password": "password"},
    )
    cookie = response.cookies["sessionid"]

    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"


def test_https_deployment_adds_hsts_and_redirects(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True

    assert client.get("/")["Location"] == "https://testserver/"
    secure = client.get("/", secure=True)
    assert secure["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
