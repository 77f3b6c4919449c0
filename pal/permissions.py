"""Who may see and do what in PAL. Members are minors: this is the privacy boundary.

- PAL Staff (and superusers) see every member and decide applications.
- A Youth Advisor sees only the members assigned to them.
- Everybody else, staff or not, sees no PAL record at all.
"""

from pasadena_pd.roles import PAL_STAFF, YOUTH_ADVISORS, has_role


def is_pal_staff(user) -> bool:
    return has_role(user, PAL_STAFF)


def advisor_profile(user):
    """The user's active YouthAdvisor record, when they are in the Youth Advisors group."""
    if not has_role(user, YOUTH_ADVISORS):
        return None
    from pal.models import YouthAdvisor

    return YouthAdvisor.objects.filter(user=user, active=True).first()


def can_use_pal_staff_area(user) -> bool:
    return is_pal_staff(user) or advisor_profile(user) is not None


def can_see_member(user, enrollment) -> bool:
    if is_pal_staff(user):
        return True
    advisor = advisor_profile(user)
    return advisor is not None and enrollment.advisor_id == advisor.pk


def can_decide_applications(user, enrollment=None) -> bool:
    """Workflow predicate (user, obj): accept, decline, promote by hand."""
    return is_pal_staff(user)


def can_follow_member(user, enrollment) -> bool:
    """Record GPAs and advisor notes: PAL Staff, or the member's own advisor."""
    return can_see_member(user, enrollment)
