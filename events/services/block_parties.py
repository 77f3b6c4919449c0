"""Block parties on National Night Out: register, approve, decline, cancel, move."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import EventsError
from events.models import BlockParty
from events.models.block_party import BLOCK_PARTY_WORKFLOW
from pasadena_pd.confirmation import has_expired
from pasadena_pd.mail import send_templated_email
from pasadena_pd.workflow import TransitionError, record_state_change


def register_block_party(**fields) -> BlockParty:
    """Save a host's block party as unconfirmed and email the host's address its link.

    `fields` are the model's (host_name, street_address, area, year, date, starts_at...),
    already checked by the form. Nothing is listed or reviewed until the host confirms
    (`confirm_block_party`). An address that already has a party for the night (or one
    waiting for confirmation) gets that party's link again instead: the answer to the form
    is the same either way (issue 14). Side effects: first state in history; the email.
    """
    email = fields.get("host_email", "").strip()
    existing = (
        BlockParty.objects.filter(year=fields.get("year"), host_email__iexact=email)
        .exclude(status__in=(BlockParty.Status.DECLINED, BlockParty.Status.CANCELLED))
        .first()
    )
    if existing is not None:
        _mail_host(existing, _template_for(existing))
        return existing
    party = BlockParty(**fields, status=BlockParty.Status.UNCONFIRMED)
    try:
        party.full_clean()
    except ValidationError as error:
        raise EventsError(" ".join(error.messages)) from error
    with transaction.atomic():
        party.save()
        record_state_change(party, "", party.status, actor_label="host")
    _mail_host(party, "block_party_unconfirmed")
    return party


def confirm_block_party(party: BlockParty, *, by, now=None) -> BlockParty:
    """The host opened the emailed link and confirms: the party goes to review.

    Checked again now: not expired, registration still open for the night, one party per
    host and night. Confirming twice is harmless. Side effects: history; the host is
    emailed as a registration always was. Raises EventsError with the reason.
    """
    now = now or timezone.now()
    try:
        with transaction.atomic():
            current = BlockParty.objects.select_for_update().get(pk=party.pk)
            if current.status != BlockParty.Status.UNCONFIRMED:
                return current
            if has_expired(current.created_at, now):
                raise EventsError(
                    _("This registration expired before it was confirmed. Please register again.")
                )
            if (current.date - timezone.localdate(now)).days < 1:
                raise EventsError(_("Block party registration for this night has closed."))
            BLOCK_PARTY_WORKFLOW.apply(
                current, BlockParty.Status.PENDING, by=by, actor_label=getattr(by, "label", "")
            )
    except TransitionError as error:
        raise EventsError(str(error)) from error
    except IntegrityError as error:  # the host has a party for the night already
        raise EventsError(_("This host already registered a party for this night.")) from error
    _mail_host(current, "block_party_received")
    return current


def _template_for(party: BlockParty) -> str:
    if party.status == BlockParty.Status.UNCONFIRMED:
        return "block_party_unconfirmed"
    if party.status == BlockParty.Status.APPROVED:
        return "block_party_approved"
    return "block_party_received"


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
        context={
            "party": party,
            "reason": reason,
            "expire_hours": settings.UNCONFIRMED_EXPIRE_HOURS,
        },
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
