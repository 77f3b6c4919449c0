"""Private pages reached by the token link in a registrant's or host's email."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events.errors import EventsError
from events.models import BlockParty, Registration
from events.services.block_parties import confirm_block_party, decide_block_party
from events.services.registrations import (
    cancel_registration,
    confirm_registration,
    waitlist_position,
)
from pasadena_pd.confirmation import expires_at, has_expired
from pasadena_pd.permissions import LinkHolder


@never_cache
def registration_detail(request, token):
    registration = get_object_or_404(
        Registration.objects.select_related("event").prefetch_related("event__sessions"),
        token=token,
    )
    event = registration.event
    unconfirmed = registration.status == Registration.Status.UNCONFIRMED
    can_cancel = (
        registration.status in (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
        and not event.cancelled
        and event.ends_at > timezone.now()
    )
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": event,
            "position": waitlist_position(registration),
            "can_cancel": can_cancel,
            "expires_at": expires_at(registration.created_at) if unconfirmed else None,
            "expired": unconfirmed and has_expired(registration.created_at, timezone.now()),
        },
    )


def _move_by_link_holder(request, record, move, role, done_message):
    """A POST from the emailed link: the holder's move, answered on their page."""
    try:
        move(record, by=LinkHolder(record.token, role))
    except EventsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done_message)
    return redirect(record)


@never_cache
@require_POST
def registration_confirm(request, token):
    """The registrant opened the emailed link and confirms: the place is decided now."""
    return _move_by_link_holder(
        request,
        get_object_or_404(Registration, token=token),
        confirm_registration,
        "registrant",
        _("Thank you: your email address is confirmed."),
    )


@never_cache
@require_POST
def registration_cancel(request, token):
    return _move_by_link_holder(
        request,
        get_object_or_404(Registration, token=token),
        cancel_registration,
        "registrant",
        _("Your registration is cancelled. Thank you for letting us know."),
    )


@never_cache
def block_party_detail(request, token):
    party = get_object_or_404(BlockParty.objects.select_related("area"), token=token)
    unconfirmed = party.status == BlockParty.Status.UNCONFIRMED
    return render(
        request,
        "events/block_party_detail.html",
        {
            "party": party,
            "expires_at": expires_at(party.created_at) if unconfirmed else None,
            "expired": unconfirmed and has_expired(party.created_at, timezone.now()),
        },
    )


@never_cache
@require_POST
def block_party_confirm(request, token):
    """The host opened the emailed link and confirms: the party goes to review."""
    return _move_by_link_holder(
        request,
        get_object_or_404(BlockParty, token=token),
        confirm_block_party,
        "host",
        _("Thank you: your email address is confirmed."),
    )


@never_cache
@require_POST
def block_party_cancel(request, token):
    def cancel(party, by):
        decide_block_party(party, BlockParty.Status.CANCELLED, by=by)

    return _move_by_link_holder(
        request,
        get_object_or_404(BlockParty, token=token),
        cancel,
        "host",
        _("Your block party registration is cancelled."),
    )
