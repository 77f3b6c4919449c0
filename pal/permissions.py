"""Who may see and do what in PAL: every action of the app named, each with one predicate.

Members are minors: this is the privacy boundary. The admin, the staff pages, the roster
export, the templates (`{% has_perm %}`), the services and the workflow tables ask these names,
and nothing else decides.

- PAL Staff (and superusers) see every member and decide applications.
- A Youth Advisor sees only the members assigned to them.
- Everybody else, staff or not, sees no PAL record at all.
- Every predicate that opens a member's record needs a verified second factor, whatever the
  role: a password alone never reaches a minor's name, school, grades or guardians.
- Nobody decides a family's withdrawal but the family (the status link) or PAL Staff; places
  freed on the waiting lists go to the next in line by the system.

Names are distinct from Django's generated model permissions (`pal.view_enrollment`...), so
that a role group's model permissions never grant a PAL action by the back door.
"""

import rules

from pasadena_pd.permissions import has_verified_device, is_link_holder, is_system, staff_in
from pasadena_pd.roles import PAL_STAFF, YOUTH_ADVISORS

is_youth_advisor = staff_in(YOUTH_ADVISORS)


def advisor_profile(user):
    """The user's active YouthAdvisor record, when they are in the Youth Advisors group."""
    if not is_youth_advisor(user):
        return None
    cached = getattr(user, "_pal_advisor", False)
    if cached is False:
        from pal.models import YouthAdvisor

        cached = user._pal_advisor = YouthAdvisor.objects.filter(user=user, active=True).first()
    return cached


@rules.predicate
def is_advisor(user) -> bool:
    return advisor_profile(user) is not None


@rules.predicate
def advises(user, enrollment) -> bool:
    advisor = advisor_profile(user)
    return advisor is not None and enrollment is not None and enrollment.advisor_id == advisor.pk


is_pal_staff = staff_in(PAL_STAFF)

# The staff area (dashboard, rosters, the roster export, needs support, transportation) and
# the PAL admin: minors' names everywhere, so a verified second factor for both roles.
uses_staff_area = (is_pal_staff | is_advisor) & has_verified_device
sees_member = (is_pal_staff | advises) & has_verified_device
runs_program = is_pal_staff & has_verified_device

rules.add_perm("pal.use_staff_area", uses_staff_area)
rules.add_perm("pal.export_roster", uses_staff_area)
rules.add_perm("pal.view_member", sees_member)
# GPAs and advisor notes: PAL Staff, or the member's own advisor.
rules.add_perm("pal.follow_member", sees_member)
rules.add_perm("pal.decide_application", runs_program)
# Only whoever opens the link emailed to the guardian confirms an application (issue 14).
rules.add_perm("pal.confirm_application", is_link_holder)
rules.add_perm("pal.withdraw_enrollment", is_link_holder | runs_program)
# Terms, classes, campuses, advisors, guardians' records in the admin.
rules.add_perm("pal.manage_program", runs_program)
# Places freed on a waiting list (a term's or a summer class's) go to the next in line.
rules.add_perm("pal.promote_from_waitlist", is_system)
rules.add_perm("pal.release_activity_place", is_system)


def sees_every_member(user) -> bool:
    """PAL Staff (verified): no narrowing to an advisor's own members."""
    return runs_program(user)
