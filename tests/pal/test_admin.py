"""Privacy in Django admin: PAL Staff see all, an advisor their own, nobody else anything."""

import pytest
from django.contrib.auth.models import Permission

from pal.models import Enrollment
from tests.pal.factories import GradingPeriodFactory, MemberFactory
from tests.security.otp import verify_client  # staff pages need two-factor (hardening)

pytestmark = pytest.mark.django_db

PAL_ADMIN_PAGES = [
    "/admin/pal/enrollment/",
    "/admin/pal/guardian/",
    "/admin/pal/graderecord/",
    "/admin/pal/advisornote/",
    "/admin/pal/programterm/",
    "/admin/pal/",
]


def test_other_staff_do_not_see_the_pal_section(client, other_staff):
    verify_client(client, other_staff)
    page = client.get("/admin/").content.decode()
    assert "Police Activities League" not in page


@pytest.mark.parametrize("url", PAL_ADMIN_PAGES)
def test_other_staff_are_refused_every_pal_admin_page(client, other_staff, url):
    MemberFactory(first_name="Hidden")
    verify_client(client, other_staff)
    response = client.get(url)
    assert response.status_code in (403, 404)
    assert b"Hidden" not in response.content


def test_a_granted_permission_is_not_enough_without_a_pal_role(client, other_staff):
    """Even if someone hands a supervisor the Django permission, the role gate holds."""
    other_staff.user_permissions.add(Permission.objects.get(codename="view_enrollment"))
    member = MemberFactory(first_name="Hidden")
    verify_client(client, other_staff)
    assert client.get("/admin/pal/enrollment/").status_code == 403
    assert client.get(f"/admin/pal/enrollment/{member.pk}/change/").status_code == 403


def test_pal_staff_see_every_enrollment_in_admin(client, pal_staff):
    MemberFactory(first_name="Ana")
    MemberFactory(first_name="Ben")
    verify_client(client, pal_staff)
    page = client.get("/admin/pal/enrollment/").content.decode()
    assert "Ana" in page and "Ben" in page


def test_an_advisor_sees_only_their_members_in_admin(client):
    mine = MemberFactory(first_name="Ana")
    theirs = MemberFactory(first_name="Ben")
    GradingPeriodFactory(term=theirs.term)
    verify_client(client, mine.advisor.user)
    assert "Police Activities League" in client.get("/admin/").content.decode()
    page = client.get("/admin/pal/enrollment/").content.decode()
    assert "Ana" in page and "Ben" not in page
    response = client.get(f"/admin/pal/enrollment/{theirs.pk}/change/", follow=True)
    assert "Ben" not in response.content.decode()
    assert client.get(f"/admin/pal/enrollment/{mine.pk}/change/").status_code == 200
    guardians = client.get("/admin/pal/guardian/").content.decode()
    assert mine.guardian.name in guardians and theirs.guardian.name not in guardians


def test_an_advisor_can_only_record_gpas_for_their_own_members(client):
    mine = MemberFactory(first_name="Ana")
    MemberFactory(first_name="Ben")
    GradingPeriodFactory(term=mine.term)
    verify_client(client, mine.advisor.user)
    page = client.get("/admin/pal/graderecord/add/").content.decode()
    assert "Ana" in page and "Ben" not in page


def test_the_status_cannot_be_edited_in_admin(client, pal_staff):
    member = MemberFactory()
    verify_client(client, pal_staff)
    page = client.get(f"/admin/pal/enrollment/{member.pk}/change/").content.decode()
    assert 'name="status"' not in page
    assert client.get("/admin/pal/enrollment/add/").status_code == 403
    assert Enrollment.objects.count() == 1


@pytest.mark.parametrize(
    "model",
    [
        "programterm",
        "summeractivity",
        "campus",
        "youthadvisor",
        "guardian",
        "enrollment",
        "graderecord",
        "advisornote",
    ],
)
def test_pal_staff_open_every_pal_admin_list_and_change_page(client, pal_staff, model):
    from django.apps import apps

    member = MemberFactory()
    period = GradingPeriodFactory(term=member.term)
    member.grade_records.create(period=period, gpa="2.50")
    member.advisor_notes.create(kind="tutoring", date=member.term.start_date, note="Reading")
    verify_client(client, pal_staff)
    assert client.get(f"/admin/pal/{model}/").status_code == 200
    obj = apps.get_model("pal", model).objects.first()
    if obj is not None:
        assert client.get(f"/admin/pal/{model}/{obj.pk}/change/").status_code == 200
