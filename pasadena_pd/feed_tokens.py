"""Creating and revoking the secret addresses of private calendar feeds (the one door).

The workflow lives here rather than beside the model because `pasadena_pd.workflow`
imports `pasadena_pd.models`.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from pasadena_pd.models import CalendarFeedToken
from pasadena_pd.permissions import allowed_by, can
from pasadena_pd.workflow import Transition, TransitionError, Workflow, record_state_change

TOKEN_WORKFLOW = Workflow(
    "status",
    [
        Transition(
            CalendarFeedToken.Status.ACTIVE,
            CalendarFeedToken.Status.REVOKED,
            allowed_by("pasadena_pd.revoke_feed_token"),
        )
    ],
)


@transaction.atomic
def create_feed_token(*, owner, by) -> CalendarFeedToken:
    """Give `owner` a new private feed address.

    Side effects: revokes the owner's active address (a user has one at a time, so a new
    address is also how a leaked one is replaced), records both moves in the history.
    """
    if not can(by, "pasadena_pd.manage_feed_of", owner):
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
