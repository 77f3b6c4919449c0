import pytest
from django.contrib.auth.models import Group

from pasadena_pd.roles import ALL_ROLES, PAL_STAFF, YOUTH_ADVISORS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", sorted(set(ALL_ROLES) - {PAL_STAFF, YOUTH_ADVISORS}))
def test_no_other_role_holds_any_pal_permission(role):
    group = Group.objects.get(name=role)
    assert not group.permissions.filter(content_type__app_label="pal").exists()


def test_youth_advisors_record_gpas_and_notes_but_do_not_decide():
    codenames = set(
        Group.objects.get(name=YOUTH_ADVISORS).permissions.values_list("codename", flat=True)
    )
    assert {"view_enrollment", "add_graderecord", "add_advisornote"} <= codenames
    assert "change_enrollment" not in codenames
    assert "view_youthadvisor" not in codenames


def test_pal_staff_manage_every_pal_model():
    codenames = set(
        Group.objects.get(name=PAL_STAFF).permissions.values_list("codename", flat=True)
    )
    assert {"change_enrollment", "add_programterm", "change_youthadvisor"} <= codenames
