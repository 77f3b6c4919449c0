"""PAL applications: submitting, deciding and withdrawing them, and summer places. Each
service names its side effects; state moves go through the workflows.

No member's name or details are ever logged here (members are minors): log lines carry
primary keys only.
"""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_variables

from pal.errors import AlreadyEnrolled, EnrollmentError, FamilyLimitReached
from pal.models import (
    ActivitySignup,
    EmergencyContact,
    Enrollment,
    Guardian,
    ProgramTerm,
    SummerActivity,
)
from pal.models.enrollment import ACTIVITY_WORKFLOW, ENROLLMENT_WORKFLOW
from pal.next_steps import next_steps
from pal.rules import eligibility
from pal.services.consent import current_version
from pasadena_pd.languages import current_language
from pasadena_pd.mail import send_templated_email
from pasadena_pd.permissions import SYSTEM
from pasadena_pd.workflow import TransitionError, record_state_change

logger = logging.getLogger(__name__)


def family_applications(term, email: str):
    """The family's open applications in the term, by the guardian's email (a new guardian
    record each time the form is sent without the family link). Unconfirmed applications
    (any address typed in) are not the family's yet."""
    return term.enrollments.exclude(
        status__in=(
            Enrollment.Status.DECLINED,
            Enrollment.Status.WITHDRAWN,
            Enrollment.Status.UNCONFIRMED,
        )
    ).filter(guardian__email__iexact=email)


def existing_application(term, child_data) -> "Enrollment | None":
    # The same test as the database's unique constraint (case-insensitive names; an
    # unconfirmed application does not count).
    return (
        Enrollment.objects.confirmed()
        .select_related("guardian", "term")
        .filter(
            term=term,
            first_name__iexact=child_data["first_name"],
            last_name__iexact=child_data["last_name"],
            date_of_birth=child_data["date_of_birth"],
        )
        .first()
    )


@sensitive_variables("guardian_data", "child_data", "contacts")
def apply_for_enrollment(**application) -> Enrollment | None:
    """The public form's write: `submit_enrollment`, except that a child already enrolled
    in the term is not an error the visitor sees. Nothing is saved then; the guardian on
    record (not the address typed in) is emailed, and the visitor gets the same answer as
    for a new child. Returns the new application, or None for a duplicate."""
    try:
        return submit_enrollment(**application)
    except AlreadyEnrolled as duplicate:
        logger.info("Repeated PAL application for enrollment %s", duplicate.existing.pk)
        send_templated_email(
            to=duplicate.existing.guardian.email,
            template="pal/mail/already_enrolled",
            context={"enrollment": duplicate.existing},
            language=duplicate.existing.language,
        )
        return None
    except FamilyLimitReached as limit:
        logger.info("PAL application over the family limit for term %s", application["term"].pk)
        send_templated_email(
            to=limit.email,
            template="pal/mail/family_limit",
            context={"term": application["term"], "limit": settings.PAL_CHILDREN_PER_FAMILY},
            # Nothing was saved: the email is in the language of the form just sent.
            language=current_language(),
        )
        return None


@sensitive_variables("guardian_data", "child_data", "contacts")
def submit_enrollment(
    *,
    term: ProgramTerm,
    guardian: Guardian | None,
    guardian_data: dict | None,
    child_data: dict,
    contacts: list[dict],
    activities: list[SummerActivity],
    today,
) -> Enrollment:
    """Save one child's application (with the guardian, if new, and contacts) in one
    transaction, then email the guardian the private status link.

    From a new guardian (no family link) the application is saved unconfirmed: nothing is
    held and nothing is looked up (not even whether the child is known) until the link
    emailed to the address typed in is confirmed (`confirm_enrollment`, issue 14). The
    email then carries the guardian's name only. Through the family link (sent to a
    guardian on record) it is held at once, as below.

    The term's row is locked while places are counted, so concurrent submissions never
    exceed its capacity: a full term puts the child on the waiting list. Each chosen class
    is locked the same way. Raises EnrollmentError for an ineligible child or a closed term,
    and (family link only) AlreadyEnrolled for a child already enrolled in the term or
    FamilyLimitReached; nothing is saved then.
    """
    result = eligibility.check_eligibility(child_data["date_of_birth"], term.start_date)
    if not result.eligible:
        raise EnrollmentError(
            _("This child would be %(age)s on %(date)s; PAL members are 9 to 17 on that day.")
            % {"age": result.age, "date": date_format(term.start_date, "DATE_FORMAT")}
        )
    try:
        with transaction.atomic():
            term = ProgramTerm.objects.select_for_update().get(pk=term.pk)
            if not term.is_open_for_enrollment(today):
                raise EnrollmentError(_("Enrollment for this term is closed."))
            if guardian is None:
                for activity in activities:  # asked for now, signed up for at confirmation
                    _check_activity(term.pk, activity, result.age)
                enrollment = _save_unconfirmed(term, guardian_data, child_data, contacts)
                enrollment.requested_activities.set(activities)
                unconfirmed = True
            else:
                enrollment = _save_held(term, guardian, child_data, contacts, activities, result)
                unconfirmed = False
    except ValidationError as error:
        raise EnrollmentError(" ".join(error.messages)) from error
    except IntegrityError as error:
        # Two submissions of the same child at once: the unique constraint decides.
        logger.info("Duplicate PAL enrollment refused for term %s", term.pk)
        existing = existing_application(term, child_data)
        if existing is None:
            raise EnrollmentError(_("Please send the application again.")) from error
        raise AlreadyEnrolled(existing) from error
    logger.info("PAL enrollment %s received for term %s", enrollment.pk, term.pk)
    if unconfirmed:
        _email_unconfirmed(enrollment)
    else:
        email_received(enrollment)
    return enrollment


def _save_unconfirmed(term, guardian_data, child_data, contacts) -> Enrollment:
    guardian = Guardian(**guardian_data)
    guardian.full_clean()
    guardian.save()
    now = timezone.now()
    child_data.setdefault("consent_version", current_version())
    enrollment = Enrollment(
        term=term,
        guardian=guardian,
        signed_at=now,
        consented_at=now,
        status=Enrollment.Status.UNCONFIRMED,
        **child_data,
    )
    enrollment.full_clean()
    enrollment.save()
    record_state_change(enrollment, "", enrollment.status, actor_label="guardian")
    for contact in contacts:
        EmergencyContact.objects.create(enrollment=enrollment, **contact)
    return enrollment


def _save_held(term, guardian, child_data, contacts, activities, result) -> Enrollment:
    """Through the family link: checked and held at once (the term's row is locked)."""
    existing = existing_application(term, child_data)
    if existing is not None:
        raise AlreadyEnrolled(existing)
    family = family_applications(term, guardian.email)
    if family.count() >= settings.PAL_CHILDREN_PER_FAMILY:
        raise FamilyLimitReached(guardian.email)
    now = timezone.now()
    full = term.enrollments.holding_a_place().count() >= term.capacity
    child_data.setdefault("consent_version", current_version())
    enrollment = Enrollment(
        term=term,
        guardian=guardian,
        signed_at=now,
        consented_at=now,
        status=Enrollment.Status.WAITLISTED if full else Enrollment.Status.SUBMITTED,
        waitlisted_at=now if full else None,
        **child_data,
    )
    enrollment.full_clean()
    enrollment.save()
    record_state_change(enrollment, "", enrollment.status, actor_label="guardian")
    for contact in contacts:
        EmergencyContact.objects.create(enrollment=enrollment, **contact)
    for activity in sorted(activities, key=lambda item: item.pk):
        sign_up(enrollment, activity, age=result.age)
    return enrollment


def email_received(enrollment: Enrollment) -> None:
    send_templated_email(
        to=enrollment.guardian.email,
        template="pal/mail/application_received",
        context={"enrollment": enrollment, "guardian": enrollment.guardian},
        language=enrollment.language,
    )


def _email_unconfirmed(enrollment: Enrollment) -> None:
    # Not confirmed: the guardian's name and the link, nothing else typed (no child's name).
    send_templated_email(
        to=enrollment.guardian.email,
        template="pal/mail/application_unconfirmed",
        context={
            "enrollment": enrollment,
            "guardian": enrollment.guardian,
            "expire_hours": settings.UNCONFIRMED_EXPIRE_HOURS,
        },
        language=enrollment.language,
    )


def _check_activity(term_id, activity: SummerActivity, age: int) -> None:
    if activity.term_id != term_id or not eligibility.fits_age_band(
        age, activity.min_age, activity.max_age
    ):
        raise EnrollmentError(
            _("%(name)s is for ages %(min)s to %(max)s of its own term.")
            % {"name": activity.name, "min": activity.min_age, "max": activity.max_age}
        )


def sign_up(enrollment: Enrollment, activity: SummerActivity, *, age: int) -> ActivitySignup:
    activity = SummerActivity.objects.select_for_update().get(pk=activity.pk)
    _check_activity(enrollment.term_id, activity, age)
    placed = activity.signups.placed().count()
    status = ActivitySignup.Status.PLACED
    if placed >= activity.capacity:
        status = ActivitySignup.Status.WAITLISTED
    signup = ActivitySignup.objects.create(enrollment=enrollment, activity=activity, status=status)
    record_state_change(signup, "", status, actor_label="guardian")
    return signup


def accept_enrollment(enrollment: Enrollment, *, by, advisor=None) -> Enrollment:
    """Accept an application (PAL Staff), assigning a Youth Advisor for the school year.

    Emails the guardian. Raises TransitionError when the move or the user is not allowed.
    """
    with transaction.atomic():
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        if enrollment.term.is_school_year and advisor is None:
            raise TransitionError(_("Choose a Youth Advisor for a school-year member."))
        enrollment.advisor = advisor
        ENROLLMENT_WORKFLOW.apply(
            enrollment, Enrollment.Status.ACCEPTED, by=by, update_fields=["advisor"]
        )
    _notify_decision(enrollment)
    return enrollment


def decline_enrollment(enrollment: Enrollment, *, by, reason: str = "") -> Enrollment:
    """Decline (PAL Staff) with the reason the family reads; the place it held goes to the
    first on the waiting list."""
    if not reason.strip():
        raise TransitionError(_("Write the reason for declining: the family reads it."))
    with transaction.atomic():
        term = ProgramTerm.objects.select_for_update().get(pk=enrollment.term_id)
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        held_place = enrollment.status in Enrollment.PLACE_HOLDING
        ENROLLMENT_WORKFLOW.apply(enrollment, Enrollment.Status.DECLINED, by=by, reason=reason)
        _release_activity_places(enrollment)
        promoted = promote_from_waitlist(term) if held_place else []
    notify_promoted(promoted)
    _notify_decision(enrollment, decline_reason=reason.strip())
    return enrollment


def withdraw_enrollment(enrollment: Enrollment, *, by) -> Enrollment:
    """The family (`by=LinkHolder(token, "guardian")`, the status link) or PAL Staff
    withdraws; frees the place and the class places in order."""
    with transaction.atomic():
        term = ProgramTerm.objects.select_for_update().get(pk=enrollment.term_id)
        enrollment = Enrollment.objects.select_for_update().get(pk=enrollment.pk)
        held_place = enrollment.status in Enrollment.PLACE_HOLDING
        ENROLLMENT_WORKFLOW.apply(
            enrollment,
            Enrollment.Status.WITHDRAWN,
            by=by,
            actor_label=getattr(by, "label", ""),
        )
        _release_activity_places(enrollment)
        promoted = promote_from_waitlist(term) if held_place else []
    notify_promoted(promoted)
    return enrollment


def promote_from_waitlist(term: ProgramTerm) -> list[Enrollment]:
    """Give free places to the waiting list, first come first served. Call it with the
    term's row locked (inside the caller's transaction); the caller emails the families
    with `notify_promoted` once the transaction is over."""
    promoted = []
    free = term.capacity - term.enrollments.holding_a_place().count()
    for enrollment in term.enrollments.waitlist().select_for_update()[: max(free, 0)]:
        ENROLLMENT_WORKFLOW.apply(
            enrollment,
            Enrollment.Status.SUBMITTED,
            by=SYSTEM,
            actor_label="system",
            reason=_("A place freed up; first on the waiting list."),
        )
        promoted.append(enrollment)
    return promoted


def notify_promoted(promoted: list[Enrollment]) -> None:
    for enrollment in promoted:
        send_templated_email(
            to=enrollment.guardian.email,
            template="pal/mail/waitlist_promoted",
            context={"enrollment": enrollment},
            language=enrollment.language,
        )


def _release_activity_places(enrollment: Enrollment) -> None:
    signups = enrollment.activity_signups.exclude(status=ActivitySignup.Status.CANCELLED)
    for signup in signups.select_related("activity").order_by("activity_id"):
        activity = SummerActivity.objects.select_for_update().get(pk=signup.activity_id)
        was_placed = signup.status == ActivitySignup.Status.PLACED
        ACTIVITY_WORKFLOW.apply(
            signup, ActivitySignup.Status.CANCELLED, by=SYSTEM, actor_label="system"
        )
        if was_placed:
            _promote_activity_waitlist(activity)


def _promote_activity_waitlist(activity: SummerActivity) -> None:
    free = activity.capacity - activity.signups.placed().count()
    for signup in activity.signups.waitlist().select_for_update()[: max(free, 0)]:
        ACTIVITY_WORKFLOW.apply(
            signup, ActivitySignup.Status.PLACED, by=SYSTEM, actor_label="system"
        )


def _notify_decision(enrollment: Enrollment, decline_reason: str = "") -> None:
    # The steps are written now, so in the family's language (not the deciding staff's).
    with translation.override(enrollment.language):
        steps = next_steps(enrollment, decline_reason=decline_reason)
    send_templated_email(
        to=enrollment.guardian.email,
        template="pal/mail/application_decided",
        context={
            "enrollment": enrollment,
            "next_steps": steps,
        },
        language=enrollment.language,
    )
