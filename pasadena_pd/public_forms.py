"""Protection shared by every public form: a honeypot field and a rate limit per address.

Forms mix in `HoneypotMixin`; views answer POSTs through `rate_limit_response` (or the
`RateLimitedFormMixin` for class-based views). The limit is kept in the shared cache, so it
holds across several app processes (per process while that cache does not answer);
`PUBLIC_FORM_RATE` sets it ("20/h", "5/m"; "0" is off).
"""

import math
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from pasadena_pd.fail_soft_cache import is_failing

# While the shared cache does not answer, each process counts on its own: the limit then
# holds per app process (a few times looser), instead of not at all.
_this_process = LocMemCache("public-form-rate-fallback", {"OPTIONS": {"MAX_ENTRIES": 10_000}})
PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
HONEYPOT_FIELD = "website"


class HoneypotMixin(forms.Form):
    """A field people never see (hidden by CSS, skipped by the keyboard) that bots fill in."""

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("This form could not be sent. Please try again."))
        return ""


def parse_rate(rate: str) -> tuple[int, int] | None:
    """'20/h' -> (20, 3600); '0' or '' -> None (no limit)."""
    rate = (rate or "").strip()
    if rate in {"", "0"}:
        return None
    try:
        count_text, period = rate.split("/")
        count = int(count_text)
        seconds = PERIODS[period.strip()[-1]] * int(period.strip()[:-1] or 1)
    except (ValueError, KeyError) as error:
        raise ImproperlyConfigured(
            f"PUBLIC_FORM_RATE must look like '20/h' or '5/m', not {rate!r}."
        ) from error
    return (count, seconds) if count > 0 else None


def client_address(request) -> str:
    # The reverse proxy in front of the app servers sets REMOTE_ADDR (see docs/deployment.md).
    return request.META.get("REMOTE_ADDR", "unknown")


def seconds_until_allowed(request, scope: str) -> int:
    """Count this submission; 0 when allowed, else the seconds until the window ends."""
    limit = parse_rate(settings.PUBLIC_FORM_RATE)
    if limit is None:
        return 0
    count, period = limit
    now = time.time()
    window = int(now // period)
    key = f"public-form-rate:{scope}:{client_address(request)}:{window}"
    used = _count(cache, key, period)
    if is_failing(cache):  # the shared cache does not answer: count in this process
        used = _count(_this_process, key, period)
    if used <= count:
        return 0
    return max(1, math.ceil((window + 1) * period - now))


def _count(counters, key: str, period: int) -> int:
    counters.add(key, 0, timeout=period + 5)
    try:
        return counters.incr(key)
    except ValueError:  # evicted between add and incr (or the cache does not answer)
        counters.set(key, 1, timeout=period + 5)
        return 1


def rate_limit_response(request, scope: str):
    """None when this POST may go on; otherwise the 429 page that says when to try again."""
    retry_after = seconds_until_allowed(request, scope)
    if not retry_after:
        return None
    response = render(
        request,
        "429.html",
        {"retry_after_minutes": max(1, math.ceil(retry_after / 60))},
        status=429,
    )
    response["Retry-After"] = str(retry_after)
    return response


class RateLimitedFormMixin:
    """For class-based form views: every POST counts against the address's limit."""

    rate_limit_scope = "public-form"

    def post(self, request, *args, **kwargs):
        refused = rate_limit_response(request, self.rate_limit_scope)
        if refused is not None:
            return refused
        return super().post(request, *args, **kwargs)
