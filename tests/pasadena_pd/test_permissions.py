"""The shared predicates and actors of pasadena_pd/permissions.py."""

import pytest
from django.contrib.auth.models import AnonymousUser

from pasadena_pd.permissions import (
    SYSTEM,
    LinkHolder,
    has_role,
    has_verified_device,
    is_active_staff,
    is_link_holder,
    is_system,
)
from pasadena_pd.roles import PAL_STAFF, SUPERVISORS
from tests.factories import UserFactory


class _Record:
    token = "the-secret-token"


@pytest.mark.django_db
def test_is_active_staff_refuses_a_user_whose_staff_flag_was_removed(staff_roles):
    user = UserFactory(roles=[SUPERVISORS])
    assert is_active_staff(user) is True

    user.is_staff = False

    assert is_active_staff(user) is False


@pytest.mark.django_db
def test_has_role_answers_for_the_named_group_only(staff_roles):
    user = UserFactory(roles=[SUPERVISORS])

    assert (has_role(SUPERVISORS)(user), has_role(PAL_STAFF)(user)) == (True, False)


def test_has_role_refuses_a_role_name_that_is_not_in_roles_py():
    with pytest.raises(ValueError):
        has_role("Supervisor")


def test_actors_that_are_not_accounts_have_no_staff_power_and_no_device():
    for actor in (AnonymousUser(), SYSTEM, LinkHolder("x")):
        assert (is_active_staff(actor), has_verified_device(actor)) == (False, False)


def test_a_link_holder_holds_only_the_record_whose_token_they_have():
    assert is_link_holder(LinkHolder("the-secret-token"), _Record()) is True
    assert is_link_holder(LinkHolder("another-token"), _Record()) is False
    assert is_link_holder(LinkHolder(""), _Record()) is False


def test_only_the_system_actor_is_the_system():
    assert (is_system(SYSTEM), is_system(LinkHolder("x")), is_system(AnonymousUser())) == (
        True,
        False,
        False,
    )
