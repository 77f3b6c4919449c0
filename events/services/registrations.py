"""Registrations: sign up, cancel, promote from the waitlist. Each names its side effects.

Capacity holds under concurrent requests because every write that changes who holds a
place first locks the event's row (`select_for_update`): registrations for one event are
taken one at a time, and the count they read is the count they write against.
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.errors import EventsError, PartyTooLarge
from events.models import Event, Registration
from events.models.registration import REGISTRATION_WORKFLOW
from events.rules.registration import places_left, registration_refusal
from events.selectors import confirmed_people
from pasadena_pd.confirmation import has_expired
from pasadena_pd.mail import send_templated_email
from pasadena_pd.permissions import SYSTEM
from pasadena_pd.workflow import TransitionError, record_state_change


@dataclass(frozen=True)
class RegistrationOutcome:
    registration: Registration
    created: bool  # False: this email was already registered; nothing new was saved


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first in line; None when not on the waitlist."""
    if registration.status != Registration.Status.WAITLISTED:
        return None
    return (
        Registration.objects.with_waitlist_position()
        .values_list("waitlist_position", flat=True)
        .get(pk=registration.pk)
    )


def register_for_event(
    *,
    event: Event,
    name: str,
    email: str,
    phone: str = "",
    party_size: int = 1,
    now=None,
    waitlist_if_too_large: bool = False,
) -> RegistrationOutcome:
    """Save an unconfirmed registration and email its address the link to confirm it.

    Nothing is held until the address confirms (`confirm_registration`): no place, no
    waitlist position. When some places are left but fewer than the party, raises
    PartyTooLarge (nothing saved) unless `waitlist_if_too_large`: the registrant chose the
    waitlist for all. The fit is checked before looking up the address, so a registered
    address and a new one are answered alike.

    Side effects: saves the registration and its first state; emails the address. A second
    registration with the same email gets the existing one back (created=False) and its
    link is sent again, to the address on file only.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        refusal = registration_refusal(locked, now=now, party_size=party_size)
        if refusal:
            raise EventsError(refusal)
        left = places_left(locked.capacity, confirmed_people(locked))
        fits = left is None or party_size <= left
        if not fits and left > 0 and not waitlist_if_too_large:
            raise PartyTooLarge(left, party_size)
        existing = locked.registrations.active().filter(email__iexact=email.strip()).first()
        if existing is not None:
            outcome = RegistrationOutcome(existing, created=False)
        else:
            registration = Registration(
                event=locked,
                name=name.strip(),
                email=email.strip(),
                phone=phone.strip(),
                party_size=party_size,
                status=Registration.Status.UNCONFIRMED,
            )
            try:
                registration.full_clean()
            except ValidationError as error:
                raise EventsError(" ".join(error.messages)) from error
            registration.save()
            record_state_change(registration, "", registration.status, actor_label="registrant")
            outcome = RegistrationOutcome(registration, created=True)
    _send_registration_email(outcome.registration)
    return outcome


def confirm_registration(registration: Registration, *, by, now=None):
    """The address confirmed (`by`: LinkHolder of the emailed link): the place or the
    waitlist is decided now, with the event's rules checked again. Confirming twice is
    harmless. Side effects: history; emails the registrant as a registration always did.
    Raises EventsError when the registration expired or the event no longer takes it.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status != Registration.Status.UNCONFIRMED:
            return current
        if has_expired(current.created_at, now):
            raise EventsError(
                _("This registration expired before it was confirmed. Please register again.")
            )
        refusal = registration_refusal(event, now=now, party_size=current.party_size)
        if refusal:
            raise EventsError(refusal)
        left = places_left(event.capacity, confirmed_people(event))
        fits = left is None or current.party_size <= left
        current.queued_at = now
        target = Registration.Status.CONFIRMED if fits else Registration.Status.WAITLISTED
        try:
            REGISTRATION_WORKFLOW.apply(
                current,
                target,
                by=by,
                actor_label=getattr(by, "label", ""),
                update_fields=["queued_at"],
            )
        except TransitionError as error:
            raise EventsError(str(error)) from error
    _send_registration_email(current)
    return current


def cancel_registration(registration: Registration, *, by) -> list[Registration]:
    """Cancel a place and give freed places to the waitlist; returns those promoted.

    `by`: a coordinator, or `LinkHolder(token)` for the registrant on their private page
    (the workflow checks `events.cancel_registration`). Side effects: history of every
    move; emails the cancelled registrant and each person promoted (with the join details).
    """
    with transaction.atomic():
        event = Event.objects.select_for_update().get(pk=registration.event_id)
        current = Registration.objects.select_for_update().get(pk=registration.pk)
        if current.status == Registration.Status.CANCELLED:
            raise EventsError(_("This registration is already cancelled."))
        if event.ends_at <= timezone.now():
            raise EventsError(_("This event is over, so the registration cannot be cancelled."))
        try:
            REGISTRATION_WORKFLOW.apply(
                current,
                Registration.Status.CANCELLED,
                by=by,
                actor_label=getattr(by, "label", ""),
            )
        except TransitionError as error:
            raise EventsError(str(error)) from error
        promoted = _promote_locked(event)
    registration.refresh_from_db()
    send_templated_email(
        to=current.email,
        template="events/mail/registration_cancelled",
        context={"registration": current, "event": event},
        language=current.language,
    )
    for person in promoted:
        _send_registration_email(person, promoted=True)
    return promoted


def promote_from_waitlist(event: Event) -> list[Registration]:
    """Fill free places from the waitlist (after a capacity increase, say); emails them."""
    with transaction.atomic():
        locked = Event.objects.select_for_update().get(pk=event.pk)
        promoted = _promote_locked(locked)
    for person in promoted:
        _send_registration_email(person, promoted=True)
    return promoted


def _promote_locked(event: Event) -> list[Registration]:
    """Promote, in waitlist order, every waiting party that fits; the event row is locked.

    A party too big for the free places keeps its turn while smaller ones behind it move
    up, so that places never stay empty while someone who fits is waiting.
    """
    if event.cancelled or event.starts_at <= timezone.now():
        return []
    left = places_left(event.capacity, confirmed_people(event))
    promoted = []
    for waiting in event.registrations.waitlisted().select_for_update():
        if left is not None and waiting.party_size > left:
            continue
        REGISTRATION_WORKFLOW.apply(
            waiting, Registration.Status.CONFIRMED, by=SYSTEM, actor_label="system: place freed"
        )
        promoted.append(waiting)
        if left is not None:
            left -= waiting.party_size
    return promoted


def _send_registration_email(registration: Registration, *, promoted=False):
    if registration.status == Registration.Status.UNCONFIRMED:
        # Not confirmed: the registrant's name and the event, nothing else they typed.
        template = "registration_unconfirmed"
    elif registration.status == Registration.Status.CONFIRMED:
        template = "registration_promoted" if promoted else "registration_confirmed"
    else:
        template = "registration_waitlisted"
    send_templated_email(
        to=registration.email,
        template=f"events/mail/{template}",
        context={
            "registration": registration,
            "event": registration.event,
            "position": waitlist_position(registration),
            "expire_hours": settings.UNCONFIRMED_EXPIRE_HOURS,
        },
        language=registration.language,
    )
