"""The private links of an address's registrations and block parties to come ("find my
requests", pasadena_pd/find_requests.py)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from events.models import BlockParty, Event, Registration
from pasadena_pd.find_requests import OpenItem


def open_for(email: str, now):
    registrations = (
        Registration.objects.active()
        .filter(email__iexact=email, event__ends_at__gte=now)
        .exclude(event__status=Event.Status.CANCELLED)
        .select_related("event")
    )
    parties = BlockParty.objects.registered().filter(
        host_email__iexact=email, date__gte=timezone.localdate(now)
    )
    return [
        OpenItem(
            what=_("Event registration"),
            title=registration.event.title,
            when=registration.event.starts_at,
            status=registration.get_status_display(),
            path=registration.get_absolute_url(),
        )
        for registration in registrations
    ] + [
        OpenItem(
            what=_("Block party"),
            title=party.street_name,
            when=party.starts_at,
            status=party.get_status_display(),
            path=party.get_absolute_url(),
        )
        for party in parties
    ]
