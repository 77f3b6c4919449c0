"""Staff roles as Django groups, each with its permissions.

Each app lists what its roles may do here; `sync_roles` (run by data migrations) creates the
groups and gives them exactly these permissions. Permissions of models that do not exist yet
are skipped, so later migrations simply call it again.
"""

NEIGHBORHOOD_SERVICES = "Neighborhood Services"
SUPERVISORS = "Supervisors"
EVENT_COORDINATORS = "Event Coordinators"
PAL_STAFF = "PAL Staff"
YOUTH_ADVISORS = "Youth Advisors"

ALL_ROLES = [NEIGHBORHOOD_SERVICES, SUPERVISORS, EVENT_COORDINATORS, PAL_STAFF, YOUTH_ADVISORS]

# Roles that sign in with a second factor (pasadena_pd.security.otp): every role that can
# open personal data of minors, registrants, hosts or requesters, which today is all of
# them (tests/security/test_access_matrix.py checks this against the access matrix).
TWO_FACTOR_ROLES = list(ALL_ROLES)


def _crud(app_label: str, model: str, *, add=True, change=True, delete=True) -> list[str]:
    actions = ["view"] + (["add"] if add else []) + (["change"] if change else [])
    actions += ["delete"] if delete else []
    return [f"{app_label}.{action}_{model}" for action in actions]


# Outreach requests: who may move a request is decided by `has_role` predicates in
# outreach/permissions.py; the presentationrequest/resourcebooking permissions open the
# admin pages to each role. Calendar feeds: staff open "Private calendar feeds" in admin to
# create or revoke their own feed address; supervisors manage everyone's
# (pasadena_pd.feed_tokens).
ROLE_PERMISSIONS: dict[str, list[str]] = {
    NEIGHBORHOOD_SERVICES: [
        *_crud("outreach", "area", add=False, delete=False),
        *_crud("outreach", "specialist", add=False, delete=False),
        *_crud("outreach", "majorevent", add=False, change=False, delete=False),
        *_crud("outreach", "specialresource", add=False, change=False, delete=False),
        # events: specialists see their area's events and block parties.
        *_crud("events", "event", add=False, change=False, delete=False),
        *_crud("events", "blockparty", add=False, change=False, delete=False),
        *_crud("outreach", "presentationrequest", add=False, delete=False),
        *_crud("outreach", "resourcebooking", add=False, change=False, delete=False),
        *_crud("pasadena_pd", "calendarfeedtoken", delete=False),
    ],
    SUPERVISORS: [
        *_crud("outreach", "area"),
        *_crud("outreach", "specialist"),
        *_crud("outreach", "majorevent"),
        *_crud("outreach", "specialresource", add=False, delete=False),
        *_crud("outreach", "requestpolicy", add=False, delete=False),
        *_crud("outreach", "presentationrequest", add=False, delete=False),
        *_crud("outreach", "resourcebooking", add=False, change=False, delete=False),
        *_crud("pasadena_pd", "calendarfeedtoken", delete=False),
    ],
    EVENT_COORDINATORS: [
        *_crud("outreach", "majorevent"),
        *_crud("outreach", "specialresource", add=False, change=False, delete=False),
        *_crud("outreach", "area", add=False, change=False, delete=False),
        # events: coordinators run events, registrations and National Night Out.
        *_crud("events", "event"),
        *_crud("events", "eventsession"),
        *_crud("events", "registration"),
        *_crud("events", "blockparty", delete=False),
        *_crud("events", "nationalnightoutdate"),
        *_crud("outreach", "presentationrequest", add=False, change=False, delete=False),
        *_crud("outreach", "resourcebooking", add=False, delete=False),
        *_crud("pasadena_pd", "calendarfeedtoken", delete=False),
    ],
    # PAL (members are minors): only these two roles hold any pal permission. The pal admin
    # and staff pages also check the role itself, and narrow advisors to their own members.
    PAL_STAFF: [
        *[
            permission
            for model in (
                "programterm",
                "summeractivity",
                "gradingperiod",
                "campus",
                "guardian",
                "enrollment",
                "emergencycontact",
                "activitysignup",
                "youthadvisor",
                "graderecord",
                "advisornote",
            )
            for permission in _crud("pal", model)
        ],
        # Consent wording: published as new versions, never changed nor deleted.
        *_crud("pal", "consentversion", change=False, delete=False),
        *_crud("pal", "consenttext", change=False, delete=False),
    ],
    YOUTH_ADVISORS: [
        *[
            permission
            for model in ("programterm", "gradingperiod", "campus", "summeractivity")
            for permission in _crud("pal", model, add=False, change=False, delete=False)
        ],
        *_crud("pal", "enrollment", add=False, change=False, delete=False),
        *_crud("pal", "guardian", add=False, change=False, delete=False),
        *_crud("pal", "emergencycontact", add=False, change=False, delete=False),
        *_crud("pal", "graderecord", delete=False),
        *_crud("pal", "advisornote", delete=False),
    ],
}


def sync_roles(apps, schema_editor=None) -> None:
    """Create the groups and set their permissions (usable as a RunPython migration)."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # Historical app configs have no models module; create_permissions skips those.
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    _set_group_permissions(apps)


def sync_roles_after_migrate(sender, apps=None, **kwargs) -> None:
    """post_migrate receiver: keep the groups in step after every migrate and every flush
    (transactional tests flush the data that the migrations created)."""
    from django.apps import apps as installed_apps

    if sender.label != list(installed_apps.get_app_configs())[-1].label:
        return  # once, after the last app's permissions exist
    _set_group_permissions(apps or installed_apps)


def _set_group_permissions(apps) -> None:
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, names in ROLE_PERMISSIONS.items():
        group, _ = Group.objects.get_or_create(name=role)
        wanted = []
        for name in names:
            app_label, codename = name.split(".")
            permission = Permission.objects.filter(
                content_type__app_label=app_label, codename=codename
            ).first()
            if permission is not None:
                wanted.append(permission)
        group.permissions.set(wanted)


def has_role(user, role: str) -> bool:
    """Is this user in the role's group? Superusers hold every role."""
    return role in role_names(user)


def role_names(user) -> frozenset[str]:
    """The roles this user holds: every role for a superuser, none signed out or inactive."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    if user.is_superuser:
        return _EVERY_ROLE
    # Read once per user object (a request's user), not once per permission check.
    names = getattr(user, "_role_names", None)
    if names is None:
        names = user._role_names = frozenset(group.name for group in user.groups.all())
    return names


_EVERY_ROLE = frozenset(ALL_ROLES)
