"""Can this event take a registration now? Pure: plain values in, a reason out."""

import datetime

from django.utils.translation import gettext as _


def registration_refusal(event, *, now: datetime.datetime, party_size: int | None = None):
    """None when the event takes this registration now, else the reason to show.

    `event` needs: published, cancelled, takes_registrations, starts_at,
    registration_opens_at, registration_closes_at, max_party_size.
    """
    if not event.published:
        return _("This event is not open for registration.")
    if event.cancelled:
        return _("This event has been cancelled.")
    if not event.takes_registrations:
        return _("This event does not take registrations: just come along.")
    if event.starts_at <= now:
        return _("This event has already started, so registration is closed.")
    if event.registration_opens_at and now < event.registration_opens_at:
        return _("Registration has not opened yet.")
    if event.registration_closes_at and now >= event.registration_closes_at:
        return _("Registration for this event has closed.")
    if party_size is not None and not 1 <= party_size <= event.max_party_size:
        return _("A party can have from 1 to %(max)d people for this event.") % {
            "max": event.max_party_size
        }
    return None


def places_left(capacity: int | None, confirmed_people: int) -> int | None:
    """How many more people fit; None means no limit."""
    if capacity is None:
        return None
    return max(0, capacity - confirmed_people)
