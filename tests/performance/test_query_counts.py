"""Queries per page do not grow with the data: every list page, feed and admin change list is
loaded at two data sizes (built by the benchmark's own generator, bench/dataset.py) and must
take the same number of queries at both.

Every page must answer 200 at both sizes: a 404 is a failure. The data are built relative to
the suite's pinned day (tests/clock.py), and this month's calendar has events at both sizes.
"""

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from bench.dataset import build
from bench.parts.staff import two_factor_session_data

SMALL = {
    "areas": 3,
    "events": 12,
    "upcoming_events": 6,
    "requests": 8,
    "registrations": 8,
    "pal_members": 6,
    "block_parties": 4,
}
EXTRA = {name: size * 3 for name, size in SMALL.items()}
ONE_MORE = dict.fromkeys(SMALL, 1)  # a change before the first measure

# Public and staff pages that list data, and the calendar feeds; "{area}" and "{event}"
# are filled in from the data set.
PAGES = [
    "/",
    "/events/",
    "/events/archive/",
    "/events/calendar/",
    "/events/{event}/",
    "/events/national-night-out/",
    "/outreach/areas/",
    "/outreach/request/",
    "/pal/",
    "/calendar/events.ics",
    "/calendar/major-events.ics",
    "/calendar/areas/{area}.ics",
]
# Staff pages that list records (signed in as a superuser, two-factor verified).
STAFF_PAGES = [
    "/pal/staff/",
    "/pal/staff/rosters/",
    "/pal/staff/needs-support/",
    "/pal/staff/transportation/",
    "/events/national-night-out/{year}/visit-plan/",
]
ADMIN_CHANGELISTS = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"
    for model in admin.site._registry
)


def _changelist_url(name: str) -> str | None:
    try:
        return reverse(name)
    except NoReverseMatch:
        return None


def _count(client: Client, url: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, len(queries)


def _measure(info: dict, anonymous: Client, staff: Client) -> dict:
    counts = {}
    for page in PAGES:
        url = page.format(area=info.get("area_slug", "none"), event=info.get("event_slug", "none"))
        counts[page] = _count(anonymous, url)
    for page in STAFF_PAGES:
        counts[page] = _count(staff, page.format(year=info.get("nno_year", 2000)))
    for name in ADMIN_CHANGELISTS:
        url = _changelist_url(name)
        counts[name] = _count(staff, url) if url else (404, 0)
    return counts


@pytest.fixture(scope="module")
def query_counts(django_db_setup, django_db_blocker):
    """{page: (small, large)}, each {"after a change": (status, queries), "again": (...)}.

    Pages that keep their own caches (the calendar feeds) answer a request right after the
    data changed with more queries than the next one: each size is measured both ways.
    """
    with (
        django_db_blocker.unblock(),
        override_settings(PAGE_CACHE_SECONDS=0),
        transaction.atomic(),
    ):
        first = build(SMALL, prefix="a-", quiet=True)
        staff_user = get_user_model().objects.create_superuser("perf-admin", "p@example.org")
        anonymous, staff = Client(), Client()
        staff.force_login(staff_user)
        session = staff.session
        session.update(two_factor_session_data(staff_user))
        session.save()
        _measure(first.info, anonymous, staff)  # warm: first-use queries (content types...)
        build(ONE_MORE, prefix="c-", seed=3, quiet=True)
        small = _measure_twice(first.info, anonymous, staff)
        build(EXTRA, prefix="b-", seed=7, quiet=True)
        large = _measure_twice(first.info, anonymous, staff)
        transaction.set_rollback(True)
    with django_db_blocker.unblock():
        # Opened outside any test: left open, it would keep the test database from being
        # dropped at the end of the session.
        connection.close()
    return {page: (small[page], large[page]) for page in small}


def _measure_twice(info, anonymous, staff) -> dict:
    after_change = _measure(info, anonymous, staff)
    again = _measure(info, anonymous, staff)
    return {page: {"after a change": after_change[page], "again": again[page]} for page in again}


def _check(query_counts, page):
    small, large = query_counts[page]
    for when in ("after a change", "again"):
        (status, count), (status_large, count_large) = small[when], large[when]
        assert (status, status_large) == (200, 200), when
        assert count_large == count, (
            f"{page}, {when}: {count} queries with the small data set, {count_large} with 4x"
        )


@pytest.mark.parametrize("page", PAGES)
def test_public_page_and_feed_queries_do_not_grow_with_the_data(query_counts, page):
    _check(query_counts, page)


@pytest.mark.parametrize("page", STAFF_PAGES)
def test_staff_list_page_queries_do_not_grow_with_the_data(query_counts, page):
    _check(query_counts, page)


@pytest.mark.parametrize("changelist", ADMIN_CHANGELISTS)
def test_admin_change_list_queries_do_not_grow_with_the_data(query_counts, changelist):
    _check(query_counts, changelist)
