"""Retention of PAL's records (issue 14): a member's record is anonymised
RETENTION_PAL_MEMBER_MONTHS after the child's last term ends, a declined or withdrawn
application RETENTION_CLOSED_APPLICATION_MONTHS after its decision, and a guardian once none
of the family's applications keeps its details.

Kept for reports: the term, status, grade, transportation and consent flags, class places,
GPA records, the year of birth (age bands) and the advisor. Gone: names, date of birth,
school, medical notes, signature, emergency contacts, the pick-up list, the advisor notes'
text, the history's reasons and activity details, the guardian's details and every private
link.
"""

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from pal.models import AdvisorNote, EmergencyContact, Enrollment, Guardian, PickUpPerson
from pasadena_pd.anonymise import blank_history_reasons
from pasadena_pd.confirmation import delete_expired, expired_before
from pasadena_pd.retention import ANONYMISED, Cutoffs, placeholder_email
from pasadena_pd.tokens import new_token

CLOSED = (Enrollment.Status.DECLINED, Enrollment.Status.WITHDRAWN)


def due_enrollments(cutoffs: Cutoffs):
    live = Enrollment.objects.filter(anonymised_at__isnull=True)
    # The child's last term: over every application of the same child that was not declined.
    same_child = Enrollment.objects.exclude(status=Enrollment.Status.DECLINED).filter(
        first_name__iexact=OuterRef("first_name"),
        last_name__iexact=OuterRef("last_name"),
        date_of_birth=OuterRef("date_of_birth"),
    )
    last_end = same_child.order_by("-term__end_date").values("term__end_date")[:1]
    members = (
        live.exclude(status__in=CLOSED)
        .annotate(last_term_end=Subquery(last_end))
        .filter(last_term_end__lt=cutoffs.pal_member_term_end)
    )
    closed = live.filter(status__in=CLOSED, updated_at__date__lt=cutoffs.closed_application)
    return members, closed


def apply(cutoffs: Cutoffs) -> dict[str, int]:
    """Anonymise what is due; returns counts by kind. Run inside one transaction."""
    members, closed = due_enrollments(cutoffs)
    counts = {
        "pal.unconfirmed_applications_deleted": _delete_unconfirmed(),
        "pal.members_anonymised": _anonymise(list(members.values_list("pk", flat=True))),
        "pal.closed_applications_anonymised": _anonymise(list(closed.values_list("pk", flat=True))),
    }
    counts["pal.guardians_anonymised"] = _anonymise_guardians()
    return counts


def _delete_unconfirmed() -> int:
    """Expired unconfirmed applications go (contacts and history with them), then the
    guardian records they leave without any application (issue 14)."""
    stale = Enrollment.objects.filter(
        status=Enrollment.Status.UNCONFIRMED, created_at__lt=expired_before(timezone.now())
    )
    guardians = set(stale.values_list("guardian_id", flat=True))
    deleted = delete_expired(stale)
    Guardian.objects.filter(pk__in=guardians, enrollments__isnull=True).delete()
    return deleted


def _anonymise(pks: list[int]) -> int:
    now = timezone.now()
    for pk in pks:
        _anonymise_one(pk, now)
    EmergencyContact.objects.filter(enrollment_id__in=pks).delete()
    PickUpPerson.objects.filter(enrollment_id__in=pks).delete()
    AdvisorNote.objects.filter(enrollment_id__in=pks).update(note="")
    blank_history_reasons(Enrollment, pks)
    return len(pks)


def _anonymise_one(pk, now):
    enrollment = Enrollment.objects.only("date_of_birth").get(pk=pk)
    Enrollment.objects.filter(pk=pk).update(
        first_name=ANONYMISED,
        last_name=str(pk),  # keeps the one-application-per-child constraint satisfied
        date_of_birth=enrollment.date_of_birth.replace(month=1, day=1),  # the year stays
        school="",
        allergies_medical="",
        signature="",
        token=new_token(),
        anonymised_at=now,
    )


def _anonymise_guardians() -> int:
    """Guardians none of whose applications keeps its details."""
    now = timezone.now()
    due = (
        Guardian.objects.filter(anonymised_at__isnull=True, enrollments__isnull=False)
        .exclude(enrollments__anonymised_at__isnull=True)
        .distinct()
    )
    pks = list(due.values_list("pk", flat=True))
    for pk in pks:
        Guardian.objects.filter(pk=pk).update(
            name=ANONYMISED,
            relationship="",
            phone="",
            email=placeholder_email("guardian", pk),
            address="",
            token=new_token(),
            anonymised_at=now,
        )
    return len(pks)
