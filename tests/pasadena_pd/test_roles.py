import pytest
from django.contrib.auth.models import Group

from pasadena_pd.roles import ALL_ROLES, SUPERVISORS, has_role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_every_role_exists_as_a_group_after_migrations():
    assert sorted(Group.objects.values_list("name", flat=True)) == sorted(ALL_ROLES)


def test_supervisors_may_edit_the_request_policy():
    group = Group.objects.get(name=SUPERVISORS)
    assert group.permissions.filter(codename="change_requestpolicy").exists()


def test_has_role_follows_group_membership():
    supervisor = UserFactory(roles=[SUPERVISORS])
    other = UserFactory()
    assert has_role(supervisor, SUPERVISORS)
    assert not has_role(other, SUPERVISORS)


@pytest.mark.django_db(transaction=True)
def test_roles_survive_the_flush_of_a_transactional_test():
    # Runs after other transactional tests flushed the database: the groups are back.
    assert Group.objects.filter(name=SUPERVISORS).exists()
    assert Group.objects.get(name=SUPERVISORS).permissions.exists()
