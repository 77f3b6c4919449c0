"""What the PAL staff lists show of each member (dashboard, needs support, rosters), and
that their queries do not grow with the members."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pal.models import GradeRecord
from tests.pal.factories import CampusFactory, GradingPeriodFactory, MemberFactory, today
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db


def _members_with_gpas(count, term, periods):
    members = MemberFactory.create_batch(count, term=term)
    for member in members:
        GradeRecord.objects.create(enrollment=member, period=periods[0], gpa=Decimal("3.10"))
        GradeRecord.objects.create(enrollment=member, period=periods[1], gpa=Decimal("1.90"))
    return members


# Each page and how many links to a member's page it shows per member.
@pytest.mark.parametrize(
    ("url", "links"),
    [("/pal/staff/", 2), ("/pal/staff/needs-support/", 1), ("/pal/staff/rosters/", 1)],
)
def test_the_member_lists_queries_do_not_grow_with_the_members(client, pal_staff, url, links):
    first = GradingPeriodFactory()
    second = GradingPeriodFactory(term=first.term, starts_on=today() - datetime.timedelta(days=9))
    _members_with_gpas(1, first.term, [first, second])
    verify_client(client, pal_staff)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).content.decode().count('href="/pal/staff/members/') == links
    _members_with_gpas(2, first.term, [first, second])
    with CaptureQueriesContext(connection) as three:
        assert client.get(url).content.decode().count('href="/pal/staff/members/') == 3 * links
    assert len(three) == len(one)


def test_a_needs_support_row_shows_the_member_their_gpa_why_and_their_advisor(client, pal_staff):
    first = GradingPeriodFactory()
    second = GradingPeriodFactory(term=first.term, starts_on=today() - datetime.timedelta(days=9))
    member = MemberFactory(
        term=first.term, first_name="Jaylen", last_name="O'Neil", advisor__name="Ms Ortiz"
    )
    GradeRecord.objects.create(enrollment=member, period=first, gpa=Decimal("3.10"))
    GradeRecord.objects.create(enrollment=member, period=second, gpa=Decimal("1.90"))
    unadvised = MemberFactory(term=first.term, first_name="Kai", advisor=None)
    verify_client(client, pal_staff)

    page = client.get("/pal/staff/needs-support/").content.decode()

    assert (
        f'<td><a href="/pal/staff/members/{member.pk}/">Jaylen O&#x27;Neil</a></td>\n'
        "        <td>1.90</td>\n"
        "        <td>Latest GPA under 2.0; GPA dropped by 0.5 or more</td>\n"
        "        <td>Ms Ortiz</td>"
    ) in page
    assert (
        f'<td><a href="/pal/staff/members/{unadvised.pk}/">Kai Rivera</a></td>\n'
        "        <td>–</td>\n"
        "        <td>No GPA for the current period</td>\n"
        "        <td>–</td>"
    ) in page


def test_the_dashboards_member_list_shows_name_term_school_advisor_and_no_guardian(
    client, pal_staff
):
    member = MemberFactory(
        first_name="Ana", school="Eliot Arts Magnet", advisor__name="Mr Lee", guardian__name="Rosa"
    )
    verify_client(client, pal_staff)

    page = client.get("/pal/staff/").content.decode()

    assert (
        f'<tr><td><a href="/pal/staff/members/{member.pk}/">Ana Rivera</a></td>'
        f"<td>{member.term.name}</td><td>Eliot Arts Magnet</td><td>Mr Lee</td></tr>"
    ) in page
    assert "Rosa" not in page
    assert member.guardian.phone not in page


def test_a_roster_row_shows_term_school_campus_advisor_and_guardian_phone(client, pal_staff):
    picked_up = MemberFactory(
        first_name="Ana",
        advisor__name="Mr Lee",
        campus=CampusFactory(name="Eliot"),
        needs_transportation=True,
        consent_transportation=True,
        guardian__phone="626-555-0199",
    )
    walks = MemberFactory(first_name="Ben", advisor=None, term=picked_up.term)
    verify_client(client, pal_staff)

    page = client.get("/pal/staff/rosters/").content.decode()

    assert (
        f'<tr><td><a href="/pal/staff/members/{picked_up.pk}/">Ana Rivera</a></td>'
        f"<td>{picked_up.term.name}</td><td>Washington Middle School</td><td>Eliot</td>"
        "<td>Mr Lee</td><td>626-555-0199</td></tr>"
    ) in page
    assert (
        f'<tr><td><a href="/pal/staff/members/{walks.pk}/">Ben Rivera</a></td>'
        f"<td>{walks.term.name}</td><td>Washington Middle School</td><td>–</td>"
        f"<td>–</td><td>{walks.guardian.phone}</td></tr>"
    ) in page
    assert "2 members" in page
    assert walks.guardian.name not in page


def _riders(count, campus):
    from pal.models import PickUpPerson

    riders = MemberFactory.create_batch(
        count, needs_transportation=True, campus=campus, consent_transportation=True, grade=7
    )
    for rider in riders:
        PickUpPerson.objects.create(
            enrollment=rider, name="Zoe Park", relationship="Aunt", phone="626-555-0100"
        )
        PickUpPerson.objects.create(
            enrollment=rider, name="Al Park", relationship="Uncle", phone="626-555-0101"
        )
    return riders


def test_the_transportation_roster_shows_grade_guardian_and_collectors_in_flat_queries(
    client, pal_staff
):
    from tests.pal.test_views_staff import next_weekday

    campus = CampusFactory(name="Madison Elementary")
    day = next_weekday(today())
    first = _riders(1, campus)[0]
    verify_client(client, pal_staff)
    with CaptureQueriesContext(connection) as one:
        page = client.get("/pal/staff/transportation/", {"day": day.isoformat()}).content.decode()
    _riders(2, campus)
    with CaptureQueriesContext(connection) as three:
        again = client.get("/pal/staff/transportation/", {"day": day.isoformat()}).content
    assert (
        f'<tr><td class="pal-check"></td><td>{first.full_name}</td><td>7th grade</td>'
        f"<td>{first.guardian.name}</td><td>{first.guardian.phone}</td>"
        "<td>Al Park (Uncle), 626-555-0101<br>Zoe Park (Aunt), 626-555-0100</td></tr>"
    ) in page
    assert f'<h2 id="campus-{campus.pk}" class="h4">Madison Elementary · 3 p.m.</h2>' in page
    assert again.decode().count("Al Park (Uncle)") == 3
    assert len(three) == len(one)


def test_the_staff_forms_are_drawn_in_bootstrap_markup_with_their_errors(client, pal_staff):
    verify_client(client, pal_staff)

    roster = client.get("/pal/staff/rosters/", {"campus": "abc"}).content.decode()
    day = client.get("/pal/staff/transportation/", {"day": "31/31/2020"}).content.decode()

    assert '<label for="id_term" class="form-label">Term</label>' in roster
    assert '<select name="term" class="select form-select" id="id_term">' in roster
    assert 'class="select form-select is-invalid"' in roster
    assert "Select a valid choice." in roster
    assert 'type="date" name="day" value="31/31/2020"' in day
    assert 'class="dateinput form-control is-invalid"' in day
    assert "Enter a valid date." in day
