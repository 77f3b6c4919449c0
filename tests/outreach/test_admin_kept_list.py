"""The requests change list's counts, rows and date hierarchy kept per user and page until the
data changes (pasadena_pd/admin_lists.py, `list_parts_kept`): the kept page is the page, a
committed change shows at once, each user (and each change of their roles) gets their own."""

import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pasadena_pd.roles import SUPERVISORS
from tests.factories import AreaFactory
from tests.outreach.factories import PresentationRequestFactory, next_weekday
from tests.security.otp import verify_client

# Committed writes (the version moves on commit); inside a test's transaction nothing is kept.
pytestmark = pytest.mark.django_db(transaction=True)
CHANGELIST = "/admin/outreach/presentationrequest/"


def requests_read(queries) -> int:
    return sum('FROM "outreach_presentationrequest"' in query["sql"] for query in queries)


def without_csrf_token(page: str) -> str:
    # Each response masks the CSRF token anew.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)


@pytest.fixture
def weekend_and_weekday(area, weekend_request):
    weekday = PresentationRequestFactory(area=area, title="Weekday meeting", date=next_weekday(20))
    return weekend_request, weekday


def test_a_kept_list_is_the_page_and_a_committed_change_shows_at_once(
    client, kept, supervisor, weekend_and_weekday
):
    weekend, _weekday = weekend_and_weekday
    verify_client(client, supervisor)
    first = client.get(CHANGELIST).content.decode()
    with CaptureQueriesContext(connection) as queries:
        second = client.get(CHANGELIST).content.decode()

    assert "Maple Street block party" in first
    assert requests_read(queries.captured_queries) == 0  # counted, listed and dated before
    assert without_csrf_token(second) == without_csrf_token(first)

    weekend.title = "Oak Street block party"
    weekend.save()
    third = client.get(CHANGELIST).content.decode()
    assert "Oak Street block party" in third
    assert "Maple Street block party" not in third
    assert "2 presentation and event requests" in third

    PresentationRequestFactory(area=weekend.area, title="Lantern walk")
    fourth = client.get(CHANGELIST).content.decode()
    assert "Lantern walk" in fourth
    assert "3 presentation and event requests" in fourth  # the kept counts and pagination


def test_each_user_gets_the_rows_of_their_own_roles(
    client, kept, supervisor, neighborhood_services, weekend_and_weekday
):
    verify_client(client, supervisor)
    for_supervisor = client.get(CHANGELIST, {"mine": "yes"}).content.decode()
    verify_client(client, neighborhood_services)
    for_specialists = client.get(CHANGELIST, {"mine": "yes"}).content.decode()

    assert "Maple Street block party" in for_supervisor
    assert "Weekday meeting" not in for_supervisor
    assert "Weekday meeting" in for_specialists
    assert "Maple Street block party" not in for_specialists

    # A new role (a write the data version does not follow) shows at once too.
    neighborhood_services.groups.add(Group.objects.get(name=SUPERVISORS))
    now_both = client.get(CHANGELIST, {"mine": "yes"}).content.decode()
    assert "Maple Street block party" in now_both
    assert "Weekday meeting" in now_both


def test_a_new_area_shows_in_the_kept_area_filter(client, kept, supervisor, weekend_and_weekday):
    verify_client(client, supervisor)
    client.get(CHANGELIST)
    with CaptureQueriesContext(connection) as queries:
        client.get(CHANGELIST)
    assert not any('FROM "outreach_area"' in query["sql"] for query in queries.captured_queries)

    AreaFactory(name="Far Northeast", slug="far-northeast")
    assert "Far Northeast" in client.get(CHANGELIST).content.decode()
