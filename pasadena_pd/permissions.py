"""The predicates and actors every app's permissions are built from (django-rules).

Each app names its actions in `<app>/permissions.py` (`rules.add_perm("<app>.<verb>_<thing>",
predicate)`) by combining these. An actor is whoever asks: a signed-in user, the anonymous
user, a `LinkHolder` (someone holding a record's private link) or `SYSTEM` (a scheduled job,
a data migration, the demo data). Predicates ask `rules` directly rather than
`user.has_perm`, which lets every superuser through before any rule runs (and so past the
second factor).
"""

import secrets
from contextvars import ContextVar

import rules
from django.utils.functional import LazyObject, empty

from pasadena_pd import roles


@rules.predicate
def is_active_staff(user) -> bool:
    """Signed in, active, and flagged as staff: the floor of every staff permission."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


@rules.predicate
def is_superuser(user) -> bool:
    return bool(is_active_staff(user) and user.is_superuser)


def has_role(name: str) -> rules.Predicate:
    """A predicate: is the user in this role's group (superusers hold every role)?"""
    if name not in roles.ALL_ROLES:
        raise ValueError(f"unknown role {name!r}")
    return rules.Predicate(lambda user: roles.has_role(user, name), name=f"has_role:{name}")


def staff_in(*names: str) -> rules.Predicate:
    """A predicate: active staff in any of these roles. Each app's roles start from it."""
    in_any = has_role(names[0])
    for name in names[1:]:
        in_any = in_any | has_role(name)
    return is_active_staff & in_any


@rules.predicate
def has_verified_device(user) -> bool:
    """Did this user prove a second factor in this session (django-otp)?

    Every predicate that opens personal data (minors, registrants, hosts, requesters)
    includes this one, whatever the role.
    """
    if not getattr(user, "is_authenticated", False):
        return False
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


class _NotAUser:
    """An actor that is no account: never staff, never signed in."""

    is_authenticated = False
    is_anonymous = True
    is_active = False
    is_staff = False
    is_superuser = False
    pk = None

    def is_verified(self) -> bool:
        return False


class LinkHolder(_NotAUser):
    """Whoever holds a record's private link (a registrant, a host, a requester).

    `token` is the secret from the link; `label` names them in history ("registrant").
    """

    def __init__(self, token: str, label: str = "link holder"):
        self.token = token or ""
        self.label = label

    def holds(self, obj) -> bool:
        expected = getattr(obj, "token", "") or ""
        return bool(self.token) and secrets.compare_digest(str(self.token), str(expected))

    def __repr__(self) -> str:
        return f"LinkHolder({self.label!r})"


class _System(_NotAUser):
    """The site itself: scheduled jobs, migrations, seeding demo data."""

    label = "system"

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


@rules.predicate
def is_link_holder(actor, obj) -> bool:
    return isinstance(actor, LinkHolder) and obj is not None and actor.holds(obj)


@rules.predicate
def is_system(actor) -> bool:
    return actor is SYSTEM


@rules.predicate
def finished_sign_in(user) -> bool:
    """Past the second step, or someone who has none to pass (pasadena_pd.security.otp)."""
    from pasadena_pd.security.otp import needs_second_factor

    return bool(has_verified_device(user) or not needs_second_factor(user))


# The staff side (the admin): only after the whole sign-in. What each page shows is then
# each app's own rules; this keeps a password alone from managing accounts or devices.
rules.add_perm("pasadena_pd.use_admin", is_active_staff & finished_sign_in)
# One-time enrollment codes for a colleague's authenticator app (security.otp).
rules.add_perm("pasadena_pd.issue_enrollment_code", is_superuser & has_verified_device)


# Private calendar feeds (pasadena_pd.feed_tokens). The record of manage_feed_of is the
# feed's owner (a user); of revoke_feed_token and read_private_feed, the token.
@rules.predicate
def is_themselves(user, owner) -> bool:
    return owner is not None and user.pk is not None and owner.pk == user.pk


@rules.predicate
def owns_feed(user, feed_token) -> bool:
    return feed_token is not None and user.pk is not None and feed_token.user_id == user.pk


oversees_feeds = staff_in(roles.SUPERVISORS) & has_verified_device
rules.add_perm("pasadena_pd.manage_every_feed", oversees_feeds)
rules.add_perm("pasadena_pd.manage_feed_of", is_active_staff & (is_themselves | oversees_feeds))
rules.add_perm("pasadena_pd.revoke_feed_token", is_active_staff & (owns_feed | oversees_feeds))
# A feed answers only while its owner could open the same records in the site: still
# active staff, still holding an authenticator app (the feed's secret address stands in for
# the session; the owner's "verified device" is having one). What it shows then follows
# each app's own rules (events.feeds.views.private_feed).
rules.add_perm("pasadena_pd.read_private_feed", is_active_staff & owns_feed & has_verified_device)


def allowed_by(action: str):
    """The workflow tables' permission: `(actor, record) -> bool` asking the named rule."""

    def permission(actor, record) -> bool:
        return rules.has_perm(action, actor, record)

    permission.action = action
    return permission


def can(actor, action: str, record=None) -> bool:
    """May this actor (a user, a LinkHolder or SYSTEM) do `action` (to `record`)?"""
    if record is None and _request_scope.get() is not None:
        user = _unwrapped(actor)
        answers = _kept_answers(user)
        if answers is not None:
            is_verified = getattr(user, "is_verified", None)
            verified = bool(is_verified and is_verified())
            key = (action, user.is_active, user.is_staff, user.is_superuser, verified)
            answer = answers.get(key)
            if answer is None:
                answer = answers[key] = rules.has_perm(action, user, None)
            return answer
    return rules.has_perm(action, actor, record)


# --- A request's answers, kept ------------------------------------------------------------
# One admin page asks about a hundred record-less questions of one user (the sidebar asks
# each model's view/add/change/delete rules, most of them the same few rules): as Django's
# ModelBackend keeps `_perm_cache` on the user, the answers are kept on the request's user
# object, for that request only (`PermissionAnswersMiddleware`; outside a request nothing is
# kept). The key holds what a record-less answer depends on and may change during a request
# (the flags, the verified second factor: a copy of the user made "as verified" gets its own
# answers); roles and the advisor profile are read once per user object anyway (roles.py,
# pal.permissions). Questions about a record are never kept.

_request_scope: ContextVar[object | None] = ContextVar("permission_answers", default=None)


def _unwrapped(actor):
    while isinstance(actor, LazyObject):
        if actor._wrapped is empty:
            actor._setup()
        actor = actor._wrapped
    return actor


def _kept_answers(user) -> dict | None:
    """This request's answers for this user object (None: a visitor, a link, the system)."""
    if not getattr(user, "is_authenticated", False):
        return None
    scope = _request_scope.get()
    kept = user.__dict__.get("_permission_answers")
    if kept is None or kept[0] is not scope:
        kept = user._permission_answers = (scope, {})
    return kept[1]


class PermissionAnswersMiddleware:
    """Keeps the record-less permission answers of the request's user for that request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reset = _request_scope.set(object())
        try:
            return self.get_response(request)
        finally:
            _request_scope.reset(reset)
