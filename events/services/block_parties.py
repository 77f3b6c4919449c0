"""Block parties on National Night Out: register, approve, decline, cancel, move."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import EventsError
from events.models import BlockParty
from events.models.block_party import BLOCK_PARTY_WORKFLOW
from pasadena_pd.mail import send_templated_email
from pasadena_pd.workflow import TransitionError, record_state_change


def register_block_party(**fields) -> BlockParty:
    """Save a host's block party as pending review.

    `fields` are the model's (host_name, street_address, area, year, date, starts_at...),
    already checked by the form. Side effects: first state in history; emails the host a
    private link. Raises EventsError when this host already registered for the night.
    """
    party = BlockParty(**fields)
    try:
        party.full_clean()
    except ValidationError as error:
        raise EventsError(" ".join(error.messages)) from error
    try:
        with transaction.atomic():
            party.save()
            record_state_change(party, "", party.status, actor_label="host")
    except IntegrityError as error:  # two submissions at once: the constraint decides
        raise EventsError(_("This host already registered a party for this night.")) from error
    _mail_host(party, "block_party_received")
    return party


def decide_block_party(party: BlockParty, target: str, *, by, reason: str = "") -> None:
    """Approve or decline (coordinators), or cancel (host or coordinator); emails the host.

    `by`: a staff user, or `LinkHolder(token)` for the host on their private page (the
    workflow checks the permission of the move).
    """
    # Any change of status changes what the feeds publish: calendars must refresh it.
    party.sequence += 1
    try:
        BLOCK_PARTY_WORKFLOW.apply(
            party,
            target,
            by=by,
            actor_label=getattr(by, "label", ""),
            reason=reason,
            update_fields=["sequence"],
        )
    except TransitionError as error:
        party.sequence -= 1
        raise EventsError(str(error)) from error
    template = {
        BlockParty.Status.APPROVED: "block_party_approved",
        BlockParty.Status.DECLINED: "block_party_declined",
        BlockParty.Status.CANCELLED: "block_party_cancelled",
    }[target]
    _mail_host(party, template, reason=reason)


def _mail_host(party: BlockParty, template: str, reason: str = "") -> None:
    send_templated_email(
        to=party.host_email,
        template=f"events/mail/{template}",
        context={"party": party, "reason": reason},
        language=party.language,
    )


PUBLISHED_FIELDS = frozenset({"starts_at", "ends_at", "street_name", "street_address", "area"})


def note_block_party_edit(party: BlockParty, *, changed: set[str]) -> None:
    """After a coordinator's edit: raise `sequence` when the time or place changed."""
    if changed & PUBLISHED_FIELDS:
        BlockParty.objects.filter(pk=party.pk).update(sequence=F("sequence") + 1)
        party.refresh_from_db(fields=["sequence"])


@transaction.atomic
def move_block_parties_to(year: int, night: datetime.date) -> int:
    """Follow a moved National Night Out: same wall-clock times on the new night.

    Side effect: raises each moved party's `sequence`. Returns how many moved.
    """
    tz = timezone.get_current_timezone()
    moved = 0
    for party in BlockParty.objects.for_year(year).exclude(date=night).select_for_update():
        start, end = timezone.localtime(party.starts_at), timezone.localtime(party.ends_at)
        party.date = night
        party.starts_at = datetime.datetime.combine(night, start.time(), tzinfo=tz)
        party.ends_at = datetime.datetime.combine(night, end.time(), tzinfo=tz)
        party.sequence += 1
        party.save(update_fields=["date", "starts_at", "ends_at", "sequence", "updated_at"])
        moved += 1
    return moved
