"""Hostile input for every public form and query parameter, generated with hypothesis.

Describe a target (its URL, its field or parameter names, the models it may write) and
call `fuzz_form` or `fuzz_query` from a test. Each generated case must:
- never produce a server error (any 5xx);
- save nothing unless the response is a redirect (a form that succeeded): nothing
  half-saved;
- show submitted text escaped: the raw script marker never comes back in the page.

The number of cases run is counted in `CASES` and printed at the end of the test session
(tests/security/conftest.py). `FUZZ_EXAMPLES` (environment) sets the examples per target.
"""

import os
from collections import Counter
from dataclasses import dataclass, field

from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

SCRIPT_MARKER = "<script>alert('pd-fuzz')</script>"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "40"))
CASES: Counter = Counter()

HOSTILE_VALUES = [
    SCRIPT_MARKER,
    f'"><img src=x onerror=alert(1)>{SCRIPT_MARKER}',
    "'; DROP TABLE auth_user; --",
    "' OR '1'='1",
    "1; SELECT pg_sleep(5)",
    "\x00",
    "name\x00with-nul",
    "0000-00-00",
    "9999-12-31",
    "0001-01-01",
    "2026-02-30",
    "31/12/9999",
    "25:61",
    "-1",
    "0",
    "99999999999999999999999999999",
    "-99999999999999999999",
    "1e309",
    "NaN",
    "Infinity",
    "[]",
    "{}",
    "null",
    "true",
    "../../../../etc/passwd",
    "%00%ff",
    "\u202e\u0645\u0631\u062d\u0628\u0627 \U0001f600",
    " ",
    "",
    "x" * 10_000,
    "\u00e9" * 10_000,
    "a@" + "b" * 300 + ".com",
]

# Tried for every query parameter on its own (years and ids past every range).
BOUNDARY_VALUES = ["9999", "2147483648", "-1", "9999-12-31", "0000-00-00", "x" * 10_000]

# Raw bodies that are not valid UTF-8 (the test client only sends what it is given).
INVALID_UTF8_BODIES = [
    b"\xff\xfe\xfd=\xc3\x28",
    b"%FF%FE=%C3%28&%80=%80",
    b"\x80\x81\x82\x83",
]

hostile_text = st.one_of(
    st.sampled_from(HOSTILE_VALUES),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=2000),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.dates(min_value=__import__("datetime").date(1, 1, 1)).map(str),
)
hostile_value = st.one_of(hostile_text, st.lists(hostile_text, min_size=2, max_size=3))


def hostile_form(fields) -> st.SearchStrategy:
    """Some of the fields (a missing one is a case too), each hostile."""
    return st.dictionaries(st.sampled_from(list(fields)), hostile_value, max_size=len(fields))


@dataclass(frozen=True)
class Target:
    url: str
    fields: tuple[str, ...]
    # Models whose row counts must not change unless the response is a redirect.
    models: tuple = field(default_factory=tuple)
    # Values that make the rest of the form valid, so that hostile values reach deep code.
    valid: dict = field(default_factory=dict)


def _counts(models) -> dict:
    return {model: model.objects.count() for model in models}


def _check(response, data, models, before, label: str) -> None:
    assert response.status_code < 500, f"{label}: {response.status_code} for {data!r}"[:2000]
    if response.status_code not in (301, 302, 303):
        assert _counts(models) == before, f"{label}: half-saved for {data!r}"[:2000]
    body = response.content.decode("utf-8", errors="replace")
    assert SCRIPT_MARKER not in body, f"{label}: unescaped script for {data!r}"[:2000]


def _hypothesis_settings(examples: int | None = None):
    return settings(
        max_examples=examples or EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )


def fuzz_form(client: Client, target: Target) -> int:
    """POST hostile data, invalid UTF-8 bodies, and no CSRF token. Returns the cases run."""
    ran = 0

    @_hypothesis_settings()
    @given(data=hostile_form(target.fields), keep_valid=st.booleans())
    def post_hostile(data, keep_valid):
        nonlocal ran
        payload = {**(target.valid if keep_valid else {}), **data}
        before = _counts(target.models)
        response = client.post(target.url, payload)
        _check(response, payload, target.models, before, target.url)
        ran += 1

    post_hostile()
    for body in INVALID_UTF8_BODIES:
        before = _counts(target.models)
        response = client.generic(
            "POST", target.url, body, content_type="application/x-www-form-urlencoded"
        )
        _check(response, body, target.models, before, target.url)
        ran += 1
    ran += _post_without_csrf(target)
    CASES["form"] += ran
    return ran


def _post_without_csrf(target: Target) -> int:
    strict = Client(enforce_csrf_checks=True)
    before = _counts(target.models)
    response = strict.post(target.url, {**target.valid})
    assert response.status_code == 403, f"{target.url}: accepted a POST without CSRF token"
    assert _counts(target.models) == before
    return 1


def fuzz_query(
    client: Client, url: str, parameters, *, examples: int | None = None, sweep=None
) -> int:
    """GET `url` with hostile values for its query parameters. Returns the cases run.

    `sweep`: the parameters also tried one by one with every boundary value (default all)."""
    ran = 0

    @_hypothesis_settings(examples)
    @given(params=hostile_form(parameters))
    def get_hostile(params):
        nonlocal ran
        response = client.get(url, params)
        _check(response, params, (), {}, url)
        ran += 1

    get_hostile()
    # Each parameter alone with each boundary value: what random draws may miss.
    for name in parameters if sweep is None else sweep:
        for value in BOUNDARY_VALUES:
            response = client.get(url, {name: value})
            _check(response, {name: value[:40]}, (), {}, url)
            ran += 1
    for raw in ["%FF%FE", "%00", "%C3%28", "a=%ZZ", "&&==&"]:
        query = "&".join(f"{name}={raw}" for name in parameters) or raw
        response = client.get(f"{url}?{query}")
        _check(response, query, (), {}, url)
        ran += 1
    CASES["query"] += ran
    return ran


hostile_path_segment = st.one_of(
    st.sampled_from(
        ["x" * 10_000, "%00", "..", "%2e%2e", "%FF%FE", "<script>", "'%20OR%201=1", "-1", "0"]
    ),
    st.text(alphabet=st.characters(codec="ascii", exclude_characters="/?#%"), max_size=80),
)


def fuzz_path(
    client: Client, template: str, *, method: str = "get", models=(), examples: int | None = None
) -> int:
    """Request `template` (with one "{}") with hostile path segments, e.g. a private token."""
    ran = 0

    @_hypothesis_settings(examples)
    @given(segment=hostile_path_segment)
    def request_hostile(segment):
        nonlocal ran
        path = template.format(segment)
        before = _counts(models)
        response = getattr(client, method)(path)
        _check(response, path, models, before, template)
        ran += 1

    request_hostile()
    CASES["path"] += ran
    return ran
