"""Retention of registrations and block parties (issue 14): registrants' and hosts' contact
details are anonymised RETENTION_CONTACT_MONTHS after the event. Party sizes, attendance,
streets and statuses stay for the section's reports."""

import datetime

from django.utils import timezone

from events.models import BlockParty, Registration
from pasadena_pd.anonymise import blank_history_reasons
from pasadena_pd.confirmation import delete_expired, expired_before
from pasadena_pd.retention import ANONYMISED, Cutoffs, placeholder_email
from pasadena_pd.tokens import new_token


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def due_registrations(cutoffs: Cutoffs):
    return Registration.objects.filter(
        anonymised_at__isnull=True, event__ends_at__lt=_start_of(cutoffs.contact_event)
    )


def due_block_parties(cutoffs: Cutoffs):
    return BlockParty.objects.filter(anonymised_at__isnull=True, date__lt=cutoffs.contact_event)


def apply(cutoffs: Cutoffs) -> dict[str, int]:
    now = timezone.now()
    stale = Registration.objects.unconfirmed().filter(created_at__lt=expired_before(now))
    unconfirmed_deleted = delete_expired(stale)
    stale_parties = BlockParty.objects.unconfirmed().filter(created_at__lt=expired_before(now))
    unconfirmed_parties_deleted = delete_expired(stale_parties)
    registrations = list(due_registrations(cutoffs).values_list("pk", flat=True))
    for pk in registrations:
        Registration.objects.filter(pk=pk).update(
            name=ANONYMISED,
            email=placeholder_email("registration", pk),
            phone="",
            token=new_token(),
            anonymised_at=now,
        )
    blank_history_reasons(Registration, registrations)
    parties = list(due_block_parties(cutoffs).values_list("pk", flat=True))
    for pk in parties:
        party = BlockParty.objects.only("street_name").get(pk=pk)
        BlockParty.objects.filter(pk=pk).update(
            host_name=ANONYMISED,
            host_email=placeholder_email("block-party", pk),
            host_phone="",
            street_address=party.street_name,  # the street stays, the house number goes
            notes="",
            token=new_token(),
            anonymised_at=now,
        )
    blank_history_reasons(BlockParty, parties)
    return {
        "events.unconfirmed_registrations_deleted": unconfirmed_deleted,
        "events.unconfirmed_block_parties_deleted": unconfirmed_parties_deleted,
        "events.registrants_anonymised": len(registrations),
        "events.hosts_anonymised": len(parties),
    }
