"""The guardian's address confirmed (issue 14): only then is an application held.

An application from a new guardian is saved unconfirmed and holds nothing. When the link
emailed to the guardian is opened and confirmed, everything is checked again under the
term's row lock (term open, eligibility, the family cap, the child not already enrolled) and
the place or the waiting list and the summer classes are decided then.

No answer tells whether a child is known: a child already enrolled, found at confirmation,
gets the same answer as a new one; the unconfirmed copy is deleted and the family on
record is told by email. Log lines carry primary keys only (members are minors).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pal.errors import EnrollmentError
from pal.models import Enrollment, Guardian, ProgramTerm
from pal.models.enrollment import ENROLLMENT_WORKFLOW
from pal.rules import eligibility
from pal.services import enrollments
from pasadena_pd.confirmation import delete_expired, has_expired
from pasadena_pd.mail import send_templated_email

logger = logging.getLogger(__name__)


def confirm_enrollment(enrollment: Enrollment, *, by, today, now=None) -> None:
    """The guardian opened the emailed link and confirms (`by`: LinkHolder). Confirming
    twice is harmless. Raises EnrollmentError when the application expired, the term closed
    or the child is no longer eligible. Side effects: history, class places, one email (to
    the guardian for a new child; to the family on record for a known one)."""
    now = now or timezone.now()
    with transaction.atomic():
        term = ProgramTerm.objects.select_for_update().get(pk=enrollment.term_id)
        current = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if current.status != Enrollment.Status.UNCONFIRMED:
            return
        if has_expired(current.created_at, now):
            raise EnrollmentError(
                _("This application expired before it was confirmed. Please send it again.")
            )
        if not term.is_open_for_enrollment(today):
            raise EnrollmentError(_("Enrollment for this term is closed."))
        result = eligibility.check_eligibility(current.date_of_birth, term.start_date)
        if not result.eligible:
            raise EnrollmentError(_("This child is not eligible for this term."))
        child = {
            "first_name": current.first_name,
            "last_name": current.last_name,
            "date_of_birth": current.date_of_birth,
        }
        existing = enrollments.existing_application(term, child)
        family = enrollments.family_applications(term, current.guardian.email)
        over_limit = family.count() >= settings.PAL_CHILDREN_PER_FAMILY
        if existing is not None or over_limit:
            _drop(current)
        else:
            _hold(current, term, by=by, now=now, age=result.age)
    if existing is not None:
        logger.info("Repeated PAL application confirmed for enrollment %s", existing.pk)
        send_templated_email(
            to=existing.guardian.email,
            template="pal/mail/already_enrolled",
            context={"enrollment": existing},
            language=existing.language,
        )
    elif over_limit:
        logger.info("PAL application over the family limit for term %s", term.pk)
        send_templated_email(
            to=current.guardian.email,
            template="pal/mail/family_limit",
            context={"term": term, "limit": settings.PAL_CHILDREN_PER_FAMILY},
            language=current.language,
        )
    else:
        logger.info("PAL enrollment %s confirmed for term %s", current.pk, term.pk)
        enrollments.email_received(current)


def _hold(current: Enrollment, term: ProgramTerm, *, by, now, age: int) -> None:
    full = term.enrollments.holding_a_place().count() >= term.capacity
    current.waitlisted_at = now if full else None
    ENROLLMENT_WORKFLOW.apply(
        current,
        Enrollment.Status.WAITLISTED if full else Enrollment.Status.SUBMITTED,
        by=by,
        actor_label=getattr(by, "label", ""),
        update_fields=["waitlisted_at"],
    )
    for activity in current.requested_activities.order_by("pk"):
        enrollments.sign_up(current, activity, age=age)


def _drop(current: Enrollment) -> None:
    """The unconfirmed copy goes, with its history and its new guardian record."""
    guardian_pk = current.guardian_id
    delete_expired(Enrollment.objects.filter(pk=current.pk))
    Guardian.objects.filter(pk=guardian_pk, enrollments__isnull=True).delete()
