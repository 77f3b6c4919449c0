"""Retention of presentation requests (issue 14): the requester's contact details and notes
are anonymised RETENTION_CONTACT_MONTHS after the presentation's date. The request itself
(kind, area, date, attendance, resources, status) stays for the section's reports."""

from django.utils import timezone

from outreach.models import PresentationRequest
from pasadena_pd.anonymise import blank_history_reasons
from pasadena_pd.confirmation import delete_expired, expired_before
from pasadena_pd.retention import ANONYMISED, Cutoffs, placeholder_email
from pasadena_pd.tokens import new_token


def due_requests(cutoffs: Cutoffs):
    return PresentationRequest.objects.filter(
        anonymised_at__isnull=True, date__lt=cutoffs.contact_event
    )


def apply(cutoffs: Cutoffs) -> dict[str, int]:
    now = timezone.now()
    stale = PresentationRequest.objects.filter(
        status=PresentationRequest.Status.UNCONFIRMED, created_at__lt=expired_before(now)
    )
    unconfirmed_deleted = delete_expired(stale)
    pks = list(due_requests(cutoffs).values_list("pk", flat=True))
    for pk in pks:
        PresentationRequest.objects.filter(pk=pk).update(
            contact_name=ANONYMISED,
            contact_email=placeholder_email("request", pk),
            contact_phone="",
            notes="",
            token=new_token(),
            anonymised_at=now,
        )
    blank_history_reasons(PresentationRequest, pks)
    return {
        "outreach.unconfirmed_requests_deleted": unconfirmed_deleted,
        "outreach.requesters_anonymised": len(pks),
    }
