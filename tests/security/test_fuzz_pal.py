"""Hostile input against PAL's public enrollment form, private links and query strings."""

import pytest

from pal.models import ActivitySignup, EmergencyContact, Enrollment, Guardian, PickUpPerson
from pasadena_pd.models import StateChange
from tests.pal.factories import (
    EnrollmentFactory,
    ProgramTermFactory,
    SummerActivityFactory,
)
from tests.security import public_forms
from tests.security.fuzz import Target, fuzz_form, fuzz_path, fuzz_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]

WRITES = (Enrollment, Guardian, EmergencyContact, PickUpPerson, ActivitySignup, StateChange)


def test_enrollment_form_survives_hostile_input(client):
    form = public_forms.pal_enrollment()
    SummerActivityFactory()
    assert fuzz_form(client, Target(form.url, form.fields, WRITES, form.valid)) > 0


def test_enrollment_for_another_child_survives_hostile_family_tokens(client):
    term = ProgramTermFactory()
    EnrollmentFactory(term=term)
    assert fuzz_query(client, "/pal/enroll/", ("family", "term")) > 0
    assert fuzz_query(client, "/pal/", ("term", "page")) > 0


def test_private_application_links_survive_hostile_tokens(client):
    EnrollmentFactory()
    assert fuzz_path(client, "/pal/applications/{}/") > 0
    assert fuzz_path(client, "/pal/applications/{}/withdraw/", method="post", models=WRITES) > 0
    assert fuzz_path(client, "/pal/applications/{}/pick-up/", method="post", models=WRITES) > 0


@pytest.mark.parametrize(
    ("url", "parameters"),
    [
        ("/pal/staff/rosters/", ("term", "activity", "campus")),
        ("/pal/staff/rosters/export.csv", ("term", "activity", "campus")),
        ("/pal/staff/transportation/", ("day",)),
        ("/pal/staff/needs-support/", ("term",)),
    ],
)
def test_pal_staff_filters_survive_hostile_query_strings(client, url, parameters):
    from pasadena_pd.roles import PAL_STAFF
    from tests.factories import UserFactory
    from tests.security.otp import verify_client

    EnrollmentFactory()
    staff = verify_client(client, UserFactory(roles=[PAL_STAFF]))
    assert fuzz_query(staff, url, parameters) > 0
