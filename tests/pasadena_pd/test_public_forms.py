import pytest
from django import forms
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from pasadena_pd.public_forms import (
    HoneypotMixin,
    count_submission,
    hold_at_limit,
    parse_rate,
    seconds_until_allowed,
)


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
def test_only_saved_submissions_count_towards_the_limit(settings):
    settings.PUBLIC_FORM_RATE = "2/h"
    cache.clear()
    request = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.9")
    other = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.10")
    assert [seconds_until_allowed(request, "test") for _ in range(5)] == [0] * 5
    count_submission(request, "test")
    assert seconds_until_allowed(request, "test") == 0
    count_submission(request, "test")
    assert 0 < seconds_until_allowed(request, "test") <= 3600
    assert seconds_until_allowed(other, "test") == 0


@pytest.mark.django_db
def test_at_the_limit_the_form_says_when_to_send_again(settings):
    settings.PUBLIC_FORM_RATE = "1/h"
    cache.clear()
    request = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.11")
    count_submission(request, "test")
    form = ContactForm({"name": "Rosa"})
    form.is_valid()

    wait = hold_at_limit(request, "test", form)

    assert wait > 0
    [message] = form.non_field_errors()
    assert "Your answers are kept: please send them again in about" in message
    assert form["name"].value() == "Rosa"


@pytest.mark.django_db
def test_rate_limit_off_with_zero(settings):
    settings.PUBLIC_FORM_RATE = "0"
    request = RequestFactory().post("/x", REMOTE_ADDR="203.0.113.9")
    for _ in range(50):
        count_submission(request, "off")
    assert seconds_until_allowed(request, "off") == 0
