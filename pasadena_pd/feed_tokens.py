"""Creating and revoking the secret addresses of private calendar feeds (the one door).

The workflow lives here rather than beside the model because `pasadena_pd.workflow`
imports `pasadena_pd.models`.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from pasadena_pd.models import CalendarFeedToken
from pasadena_pd.roles import SUPERVISORS, has_role
from pasadena_pd.workflow import Transition, TransitionError, Workflow, record_state_change


def can_manage_feed_of(actor, owner) -> bool:
    """Supervisors manage anyone's feed; other staff only their own."""
    if has_role(actor, SUPERVISORS):
        return True
    return (
        getattr(actor, "is_authenticated", False)
        and actor.is_active
        and actor.is_staff
        and actor.pk == owner.pk
    )


def _may_revoke(user, token) -> bool:
    return can_manage_feed_of(user, token.user)


TOKEN_WORKFLOW = Workflow(
    "status",
    [Transition(CalendarFeedToken.Status.ACTIVE, CalendarFeedToken.Status.REVOKED, _may_revoke)],
)


@transaction.atomic
def create_feed_token(*, owner, by) -> CalendarFeedToken:
    """Give `owner` a new private feed address.

    Side effects: revokes the owner's active address (a user has one at a time, so a new
    address is also how a leaked one is replaced), records both moves in the history.
    """
    if not can_manage_feed_of(by, owner):
        raise TransitionError(_("You can only manage your own calendar feed."))
    current = CalendarFeedToken.objects.active().select_for_update().filter(user=owner)
    for token in current:
        TOKEN_WORKFLOW.apply(
            token, CalendarFeedToken.Status.REVOKED, by=by, reason=_("Replaced by a new address.")
        )
    token = CalendarFeedToken.objects.create(user=owner)
    record_state_change(token, "", CalendarFeedToken.Status.ACTIVE, by=by)
    return token


def revoke_feed_token(token: CalendarFeedToken, *, by, reason: str = "") -> None:
    """Revoke an address: from now on it answers 404. Records the move in the history."""
    TOKEN_WORKFLOW.apply(token, CalendarFeedToken.Status.REVOKED, by=by, reason=reason)
