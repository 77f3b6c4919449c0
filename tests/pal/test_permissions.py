"""pal/permissions.py: members are minors; who may open a member's record and decide."""

import pytest

from pasadena_pd.permissions import LinkHolder, can
from tests.events.factories import verified
from tests.pal.factories import MemberFactory, YouthAdvisorFactory

pytestmark = pytest.mark.django_db


def test_pal_staff_with_a_second_factor_see_and_decide_for_every_member(pal_staff):
    member = MemberFactory()
    staff = verified(pal_staff)
    assert [can(staff, action, member) for action in ("pal.view_member", "pal.follow_member")] == [
        True,
        True,
    ]
    assert can(staff, "pal.decide_application") is True


def test_pal_staff_without_a_second_factor_open_nothing(pal_staff):
    member = MemberFactory()
    assert can(pal_staff, "pal.view_member", member) is False
    assert can(pal_staff, "pal.use_staff_area") is False


def test_an_advisor_follows_their_own_members_only():
    mine = MemberFactory()
    someone_elses = MemberFactory()
    advisor = verified(mine.advisor.user)
    assert can(advisor, "pal.follow_member", mine) is True
    assert can(advisor, "pal.follow_member", someone_elses) is False
    assert can(advisor, "pal.decide_application") is False


def test_an_inactive_advisor_record_opens_nothing():
    advisor = YouthAdvisorFactory(active=False)
    member = MemberFactory(advisor=advisor)
    assert can(verified(advisor.user), "pal.view_member", member) is False


def test_other_staff_see_no_member_even_verified(other_staff):
    member = MemberFactory()
    assert can(verified(other_staff), "pal.view_member", member) is False
    assert can(verified(other_staff), "pal.use_staff_area") is False


def test_only_the_family_link_or_pal_staff_withdraw():
    member = MemberFactory()
    assert can(LinkHolder(member.token, "guardian"), "pal.withdraw_enrollment", member) is True
    assert can(LinkHolder("not-the-token", "guardian"), "pal.withdraw_enrollment", member) is False
