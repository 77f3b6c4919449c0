"""The authorised pick-up list (issue 14): the family names who may collect the child, PAL
staff see it on the transportation roster, each change is dated in the record's activity."""

import pytest

from pal.models import Enrollment, PickUpPerson
from pasadena_pd.workflow import activity_of
from tests.pal.factories import CampusFactory, MemberFactory
from tests.security.otp import verify_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(today):
    today("2027-05-12")  # a Wednesday during the school year
    return MemberFactory(
        first_name="Riding",
        needs_transportation=True,
        campus=CampusFactory(name="Madison Elementary"),
        consent_transportation=True,
    )


def _add(client, member, **data):
    person = {"name": "Ana Diaz", "relationship": "Aunt", "phone": "626-555-0190", **data}
    return client.post(f"{member.get_status_url()}pick-up/", person, follow=True)


def test_the_family_adds_and_removes_someone_and_each_change_is_dated(client, member):
    page = _add(client, member).content.decode()

    assert "Ana Diaz (Aunt), 626-555-0190" in page
    person = PickUpPerson.objects.get(enrollment=member)
    client.post(f"{member.get_status_url()}pick-up/{person.pk}/remove/")

    assert not PickUpPerson.objects.exists()
    changes = list(activity_of(member).order_by("done_at", "pk"))
    assert [change.detail for change in changes] == [
        "Pick-up list: added Ana Diaz (Aunt), 626-555-0190",
        "Pick-up list: removed Ana Diaz (Aunt)",
    ]
    assert all(change.done_at and change.actor_label == "guardian" for change in changes)


def test_a_missing_phone_is_a_clear_error_and_nothing_is_saved(client, member):
    response = _add(client, member, phone="")

    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert not PickUpPerson.objects.exists()


def test_a_withdrawn_application_keeps_its_list_closed(client, member):
    Enrollment.objects.filter(pk=member.pk).update(status=Enrollment.Status.WITHDRAWN)

    page = _add(client, member).content.decode()

    assert "cannot change" in page
    assert not PickUpPerson.objects.exists()


def test_pal_staff_see_the_list_on_the_transportation_roster(client, member, pal_staff):
    _add(client, member)
    verify_client(client, pal_staff)

    page = client.get("/pal/staff/transportation/", {"day": "2027-05-12"}).content.decode()

    assert "Riding" in page and "Ana Diaz (Aunt), 626-555-0190" in page
