import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pal.models import Enrollment, GradeRecord
from pasadena_pd.rules import is_weekend
from tests.pal.factories import (
    CampusFactory,
    EnrollmentFactory,
    GradingPeriodFactory,
    MemberFactory,
    YouthAdvisorFactory,
    today,
)
from tests.security.otp import verify_client  # staff pages need two-factor (hardening)

pytestmark = pytest.mark.django_db

STAFF_PAGES = [
    "/pal/staff/",
    "/pal/staff/rosters/",
    "/pal/staff/rosters/export.csv",
    "/pal/staff/needs-support/",
    "/pal/staff/transportation/",
]


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("url", STAFF_PAGES)
def test_other_staff_roles_get_nothing(client, other_staff, url):
    MemberFactory(first_name="Hidden")
    verify_client(client, other_staff)
    response = client.get(url)
    assert response.status_code == 404
    assert b"Hidden" not in response.content


def test_other_staff_cannot_open_a_member(client, other_staff):
    member = MemberFactory()
    verify_client(client, other_staff)
    assert client.get(member.get_absolute_url()).status_code == 404


def test_pal_staff_see_every_member(client, pal_staff):
    MemberFactory(first_name="Ana")
    MemberFactory(first_name="Ben")
    verify_client(client, pal_staff)
    page = client.get("/pal/staff/").content.decode()
    assert "Ana" in page and "Ben" in page


def test_an_advisor_sees_only_their_own_members(client):
    mine = MemberFactory(first_name="Ana")
    theirs = MemberFactory(first_name="Ben")
    verify_client(client, mine.advisor.user)
    page = client.get("/pal/staff/").content.decode()
    assert "Ana" in page and "Ben" not in page
    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404
    csv_text = client.get("/pal/staff/rosters/export.csv").content.decode()
    assert "Ana" in csv_text and "Ben" not in csv_text


def test_staff_pages_are_never_cached(client, pal_staff):
    verify_client(client, pal_staff)
    assert "no-store" in client.get("/pal/staff/")["Cache-Control"]


def test_pal_staff_accept_with_the_suggested_advisor(client, pal_staff):
    busy = YouthAdvisorFactory(name="Busy")
    MemberFactory(advisor=busy)
    free = YouthAdvisorFactory(name="Free")
    application = EnrollmentFactory()
    verify_client(client, pal_staff)
    page = client.get(application.get_absolute_url()).content.decode()
    assert f'<option value="{free.pk}" selected>' in page
    client.post(
        f"/pal/staff/members/{application.pk}/decide/", {"action": "accept", "advisor": free.pk}
    )
    application.refresh_from_db()
    assert (application.status, application.advisor) == ("accepted", free)


@pytest.mark.parametrize(
    "data",
    [{"action": "explode"}, {"action": "accept", "advisor": "abc"}, {"action": "accept"}],
)
def test_a_bad_decision_gets_a_message_not_a_500(client, pal_staff, data):
    application = EnrollmentFactory()
    verify_client(client, pal_staff)
    response = client.post(f"/pal/staff/members/{application.pk}/decide/", data, follow=True)
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "submitted"


def test_an_advisor_cannot_decide(client):
    member = MemberFactory(status=Enrollment.Status.SUBMITTED)
    verify_client(client, member.advisor.user)
    response = client.post(f"/pal/staff/members/{member.pk}/decide/", {"action": "decline"})
    assert response.status_code == 403
    member.refresh_from_db()
    assert member.status == "submitted"


def test_a_gpa_of_1_8_puts_the_member_on_needs_support(client):
    member = MemberFactory(first_name="Jaylen")
    period = GradingPeriodFactory(term=member.term)
    verify_client(client, member.advisor.user)
    client.post(f"/pal/staff/members/{member.pk}/gpa/", {"period": period.pk, "gpa": "1.8"})
    assert GradeRecord.objects.get().gpa == Decimal("1.80")
    page = client.get("/pal/staff/needs-support/").content.decode()
    assert "Jaylen" in page
    assert "Latest GPA under 2.0" in page


@pytest.mark.parametrize("gpa", ["4.5", "-1", "2.345", "abc", ""])
def test_a_malformed_gpa_is_refused_with_a_message(client, gpa):
    member = MemberFactory()
    period = GradingPeriodFactory(term=member.term)
    verify_client(client, member.advisor.user)
    response = client.post(
        f"/pal/staff/members/{member.pk}/gpa/", {"period": period.pk, "gpa": gpa}, follow=True
    )
    assert response.status_code == 200
    assert 'class="alert alert-danger"' in response.content.decode()
    assert GradeRecord.objects.count() == 0


def test_an_advisor_writes_a_tutoring_note(client):
    member = MemberFactory()
    verify_client(client, member.advisor.user)
    client.post(
        f"/pal/staff/members/{member.pk}/notes/",
        {"kind": "tutoring", "date": today().isoformat(), "note": "Fractions"},
    )
    assert member.advisor_notes.get().note == "Fractions"


def next_weekday(day):
    while is_weekend(day):
        day += datetime.timedelta(days=1)
    return day


def test_transportation_roster_groups_by_campus_with_the_guardian_phone(client, pal_staff):
    campus = CampusFactory(name="Madison Elementary")
    MemberFactory(
        first_name="Riding",
        needs_transportation=True,
        campus=campus,
        consent_transportation=True,
        guardian__phone="626-555-0777",
    )
    MemberFactory(first_name="Walking")
    verify_client(client, pal_staff)
    day = next_weekday(today())
    page = client.get("/pal/staff/transportation/", {"day": day.isoformat()}).content.decode()
    assert "Madison Elementary" in page
    assert "Riding" in page and "626-555-0777" in page
    assert "Walking" not in page


def test_no_pickups_on_a_weekend(client, pal_staff):
    campus = CampusFactory()
    MemberFactory(needs_transportation=True, campus=campus, consent_transportation=True)
    verify_client(client, pal_staff)
    saturday = today() + datetime.timedelta(days=(5 - today().weekday()) % 7)
    page = client.get("/pal/staff/transportation/", {"day": saturday.isoformat()})
    assert "No pick-ups on this day." in page.content.decode()


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("/pal/staff/transportation/", {"day": "31/31/2020"}),
        ("/pal/staff/rosters/", {"term": "abc", "campus": "-1", "activity": "x"}),
        ("/pal/staff/rosters/export.csv", {"term": "9999999"}),
    ],
)
def test_bad_query_strings_never_give_a_500(client, pal_staff, url, query):
    verify_client(client, pal_staff)
    assert client.get(url, query).status_code == 200


def test_csv_export_neutralises_spreadsheet_formulas(client, pal_staff):
    MemberFactory(first_name="=HYPERLINK(1)")
    verify_client(client, pal_staff)
    response = client.get("/pal/staff/rosters/export.csv")
    assert response["Content-Type"].startswith("text/csv")
    assert "'=HYPERLINK(1)" in response.content.decode()


def test_roster_filters_by_campus(client, pal_staff):
    campus = CampusFactory()
    MemberFactory(
        first_name="Bus", needs_transportation=True, campus=campus, consent_transportation=True
    )
    MemberFactory(first_name="Car")
    verify_client(client, pal_staff)
    page = client.get("/pal/staff/rosters/", {"campus": campus.pk}).content.decode()
    assert "Bus" in page and "Car" not in page


def test_the_dashboard_query_count_does_not_grow_with_members(client, pal_staff):
    verify_client(client, pal_staff)
    MemberFactory()
    client.get("/pal/staff/")
    with CaptureQueriesContext(connection) as one:
        client.get("/pal/staff/")
    for _ in range(3):
        MemberFactory()
    with CaptureQueriesContext(connection) as four:
        client.get("/pal/staff/")
    assert len(four) == len(one)


def test_pal_staff_withdraw_a_member_and_the_waitlist_moves_up(client, pal_staff):
    member = MemberFactory(term__capacity=1)
    waiting = EnrollmentFactory(
        term=member.term, status="waitlisted", waitlisted_at=member.signed_at
    )
    verify_client(client, pal_staff)
    client.post(f"/pal/staff/members/{member.pk}/decide/", {"action": "withdraw"})
    member.refresh_from_db()
    waiting.refresh_from_db()
    assert (member.status, waiting.status) == ("withdrawn", "submitted")


def test_an_advisor_cannot_withdraw_a_member(client):
    member = MemberFactory()
    verify_client(client, member.advisor.user)
    client.post(f"/pal/staff/members/{member.pk}/decide/", {"action": "withdraw"})
    member.refresh_from_db()
    assert member.status == "accepted"


def test_the_public_page_links_the_staff_area_only_for_pal_users(client, pal_staff, other_staff):
    verify_client(client, other_staff)
    assert "PAL staff area" not in client.get("/pal/").content.decode()
    verify_client(client, pal_staff)
    assert "PAL staff area" in client.get("/pal/").content.decode()


def test_pal_staff_cannot_decline_without_a_reason(client, pal_staff):
    # Issue 16, item 10.
    application = EnrollmentFactory()
    verify_client(client, pal_staff)
    url = f"/pal/staff/members/{application.pk}/decide/"

    refused = client.post(url, {"action": "decline", "reason": "   "}, follow=True)

    assert "Write the reason for declining: the family reads it." in refused.content.decode()
    application.refresh_from_db()
    assert application.status == "submitted"


def test_the_decline_email_says_why_and_what_next(client, pal_staff):
    application = EnrollmentFactory(first_name="Maya")
    verify_client(client, pal_staff)
    client.post(
        f"/pal/staff/members/{application.pk}/decide/",
        {"action": "decline", "reason": "Maya lives outside the PAL service area."},
    )
    [email] = mail.outbox
    assert email.subject == "PAL: Maya's application is declined"
    assert "The reason: Maya lives outside the PAL service area." in email.body
    assert "You can apply again for another term" in email.body
    assert "(626) 356-9166" in email.body
    page = client.get(application.get_status_url()).content.decode()
    assert "The reason: Maya lives outside the PAL service area." in page
