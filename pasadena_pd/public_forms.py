"""Protection shared by every public form: a honeypot field and a limit per address.

Forms mix in `HoneypotMixin`. The limit counts *saved* submissions only (a library or an
office shares one address, and a refusal or a click on an offered date saves nothing): a
view asks `hold_at_limit` once the form is valid, and calls `count_submission` after it
saved. At the limit the form comes back as typed, with a message that says when to try
again (429, `Retry-After`). The count is kept in the shared cache, so it holds across
several app processes (per process while that cache does not answer); `PUBLIC_FORM_RATE`
sets it ("20/h", "5/m"; "0" is off).
"""

import math
import time

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.locmem import LocMemCache
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

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


def _window(request, scope: str, period: int) -> tuple[str, int]:
    """The cache key of this address's current window, and the seconds until it ends."""
    now = time.time()
    window = int(now // period)
    key = f"public-form-rate:{scope}:{client_address(request)}:{window}"
    return key, max(1, math.ceil((window + 1) * period - now))


def seconds_until_allowed(request, scope: str) -> int:
    """0 while this address may save another submission; else the seconds to wait.

    Counts nothing: only `count_submission` does.
    """
    limit = parse_rate(settings.PUBLIC_FORM_RATE)
    if limit is None:
        return 0
    count, period = limit
    key, remaining = _window(request, scope, period)
    used = cache.get(key) or 0
    if is_failing(cache):  # the shared cache does not answer: this process's count
        used = _this_process.get(key) or 0
    return 0 if used < count else remaining


def count_submission(request, scope: str) -> None:
    """One more saved submission from this address."""
    limit = parse_rate(settings.PUBLIC_FORM_RATE)
    if limit is None:
        return
    key, _remaining = _window(request, scope, limit[1])
    _count(cache, key, limit[1])
    if is_failing(cache):
        _count(_this_process, key, limit[1])


def _count(counters, key: str, period: int) -> int:
    counters.add(key, 0, timeout=period + 5)
    try:
        return counters.incr(key)
    except ValueError:  # evicted between add and incr (or the cache does not answer)
        counters.set(key, 1, timeout=period + 5)
        return 1


def hold_at_limit(request, scope: str, form) -> int:
    """At the limit, the form gets an error that says when to try again; its answers stay.

    Returns the seconds to wait (0: the submission may go on). The view then answers with
    the same form and `too_many(response, seconds)`.
    """
    seconds = seconds_until_allowed(request, scope)
    if seconds:
        form.add_error(None, limit_message(seconds))
    return seconds


def limit_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return ngettext(
        "We received many submissions from your connection in a short time, so "
        "this one was not saved. Your answers are kept: please send them again in "
        "about %(minutes)d minute.",
        "We received many submissions from your connection in a short time, so "
        "this one was not saved. Your answers are kept: please send them again in "
        "about %(minutes)d minutes.",
        minutes,
    ) % {"minutes": minutes}


def too_many(response, seconds: int):
    """The page of a form held at the limit: 429 with `Retry-After`."""
    response.status_code = 429
    response["Retry-After"] = str(seconds)
    return response
