"""The CSRF token of a page served from the page cache (pasadena_pd/security/csrf_token.py)
is Django's: a new visitor gets a new secret, a returning one keeps theirs, and Django's
middleware accepts the token with that cookie."""

from collections import Counter

from django.middleware.csrf import (
    CSRF_ALLOWED_CHARS,
    CSRF_SECRET_LENGTH,
    CSRF_TOKEN_LENGTH,
    _unmask_cipher_token,
)
from django.test import RequestFactory

from pasadena_pd.security.csrf_token import get_token, random_csrf_string


def test_a_new_visitor_gets_a_new_secret_and_a_token_of_it():
    request = RequestFactory().get("/")
    token = get_token(request)
    secret = request.META["CSRF_COOKIE"]
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True
    assert len(secret) == CSRF_SECRET_LENGTH and len(token) == CSRF_TOKEN_LENGTH
    assert set(secret + token) <= set(CSRF_ALLOWED_CHARS)
    assert _unmask_cipher_token(token) == secret


def test_a_returning_visitor_keeps_their_secret_with_a_new_mask():
    request = RequestFactory().get("/")
    request.META["CSRF_COOKIE"] = secret = "a" * 16 + "Z9" * 8
    first, second = get_token(request), get_token(request)
    assert first != second
    assert _unmask_cipher_token(first) == _unmask_cipher_token(second) == secret
    assert request.META["CSRF_COOKIE"] == secret


def test_every_character_is_about_as_likely():
    drawn = Counter("".join(random_csrf_string() for _ in range(2000)))  # 64,000 characters
    expected = 64_000 / len(CSRF_ALLOWED_CHARS)  # about 1,032 each
    assert set(drawn) == set(CSRF_ALLOWED_CHARS)
    assert all(0.8 * expected < count < 1.2 * expected for count in drawn.values())
