"""The benchmark's verdicts (bench/report.py) and its medians (bench/load.py)."""

import pytest

from bench.load import LoadResult, median_of
from bench.pages import (
    BASELINE,
    FORM_POST,
    PUBLIC_GET,
    REQUESTS_CHANGELIST_MAX_P95_MS,
    STACK,
    STAFF_GET,
    UNCACHED_GET,
    Page,
    pages,
)
from bench.report import Row, rss_verdict, table


def result(rps=500.0, p95=20.0, errors=0) -> LoadResult:
    return LoadResult(
        requests=int(rps * 10), seconds=10.0, p50_ms=p95 / 2, p95_ms=p95, p99_ms=p95, errors=errors
    )


@pytest.mark.parametrize(
    ("kind", "ratio", "p95", "errors", "verdict"),
    [
        (PUBLIC_GET, 0.8, 40.0, 0, "ok"),
        (PUBLIC_GET, 0.49, 40.0, 0, "MISS: ratio < 0.50"),
        (PUBLIC_GET, 0.8, 100.0, 0, "MISS: p95 >= 100 ms"),
        (PUBLIC_GET, 0.8, 40.0, 3, "MISS: 3 errors"),
        (FORM_POST, 0.1, 149.0, 0, "ok"),
        (FORM_POST, 0.1, 150.0, 0, "MISS: p95 >= 150 ms"),
        (UNCACHED_GET, 0.26, 400.0, 0, "ok"),
        (UNCACHED_GET, 0.24, 40.0, 0, "MISS: ratio < 0.25"),
        (STACK, 0.3, 40.0, 0, "no target"),
        (STAFF_GET, 0.01, 900.0, 0, "no target"),
    ],
)
def test_each_page_is_judged_by_its_own_target(kind, ratio, p95, errors, verdict):
    row = Row(page=Page("page", "/", kind), result=result(p95=p95, errors=errors), ratio=ratio)

    assert row.verdict() == verdict


def test_the_requests_change_list_has_its_own_p95_target():
    info = {
        "admin_changelist": "/admin/outreach/presentationrequest/",
        "staff_pages": [
            ("admin events", "/admin/events/event/"),
            ("admin requests", "/admin/outreach/presentationrequest/"),
        ],
    }
    staff = {page.name: page for page in pages(info) if page.kind == STAFF_GET}
    slow = result(p95=REQUESTS_CHANGELIST_MAX_P95_MS + 1)

    assert Row(page=staff["admin events"], result=slow).verdict() == "no target"
    assert Row(page=staff["admin requests"], result=slow).verdict() == "MISS: p95 >= 200 ms"


def test_every_public_page_is_measured_cached_and_uncached_against_the_bare_app():
    listed = pages({"event_slug": "a-walk"})
    cached = [page.path for page in listed if page.kind == PUBLIC_GET]

    assert listed[0].kind == BASELINE
    assert listed[0].server == "bare"
    assert [page.path for page in listed if page.kind == UNCACHED_GET] == cached
    assert {page.server for page in listed if page.kind == UNCACHED_GET} == {"site-uncached"}


def test_a_skipped_page_says_why_in_the_table():
    rows = [
        Row(
            page=Page("baseline", "/healthz", BASELINE),
            result=result(),
            queries_warm=1,
            queries_cold=1,
        ),
        Row(page=Page("feed", "/calendar/events.ics", PUBLIC_GET), skipped="no events data"),
    ]

    lines = table(rows)

    assert lines[1][:2] == ["baseline", "500"]
    assert lines[2][-1] == "skipped (no events data)"


def test_the_median_of_runs_takes_each_figure_in_the_middle():
    runs = [result(rps=100, p95=30), result(rps=300, p95=10), result(rps=200, p95=90)]

    middle = median_of(runs)

    assert (middle.rps, middle.p95_ms, middle.errors) == (200, 30, 0)


def test_worker_memory_over_150_mb_is_a_miss():
    assert rss_verdict([80.0, 90.0]).endswith("- ok")
    assert "MISS" in rss_verdict([80.0, 151.0])
