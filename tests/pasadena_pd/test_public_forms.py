import pytest
from django import forms
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from pasadena_pd.public_forms import HoneypotMixin, parse_rate, rate_limit_response


class ContactForm(HoneypotMixin, forms.Form):
    name = forms.CharField()


def test_honeypot_refuses_a_filled_trap():
    assert ContactForm({"name": "Ana", "website": ""}).is_valid()
    assert not ContactForm({"name": "Ana", "website": "http://spam.example"}).is_valid()


@pytest.mark.parametrize(
    ("rate", "expected"),
    [("20/h", (20, 3600)), ("5/m", (5, 60)), ("0", None), ("", None), ("10/2m", (10, 120))],
)
def test_parse_rate(rate, expected):
    assert parse_rate(rate) == expected


def test_parse_rate_rejects_nonsense():
    with pytest.raises(ImproperlyConfigured):
        parse_rate("lots")


@pytest.mark.django_db
def test_rate_limit_refuses_with_429_after_the_limit(settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    cache.clear()
    request = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.9")
    other = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.10")
    assert rate_limit_response(request, "test") is None
    assert rate_limit_response(request, "test") is None
    refused = rate_limit_response(request, "test")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert "try again in" in refused.content.decode()
    assert rate_limit_response(other, "test") is None


@pytest.mark.django_db
def test_rate_limit_off_with_zero(settings):
    settings.PUBLIC_FORM_RATE = "0"
    request = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.9")
    assert all(rate_limit_response(request, "off") is None for _ in range(50))
