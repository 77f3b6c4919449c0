"""A member's follow-up by PAL Staff and their Youth Advisor: GPAs and notes."""

from django.db import transaction
from django.utils.translation import gettext as _

from pal.errors import EnrollmentError
from pal.models import AdvisorNote, Enrollment, GradeRecord
from pasadena_pd.permissions import can
from pasadena_pd.workflow import TransitionError


def record_gpa(*, enrollment: Enrollment, period, gpa, by) -> GradeRecord:
    """Record (or correct) a member's GPA for a grading period: PAL Staff or their advisor."""
    if not can(by, "pal.follow_member", enrollment):
        raise TransitionError(_("You do not have permission to make this change."))
    if period.term_id != enrollment.term_id:
        raise EnrollmentError(_("This grading period belongs to another term."))
    with transaction.atomic():
        record, _created = GradeRecord.objects.update_or_create(
            enrollment=enrollment, period=period, defaults={"gpa": gpa, "recorded_by": by}
        )
    return record


def add_advisor_note(*, enrollment: Enrollment, kind: str, date, note: str, by):
    """Write a school visit, tutoring or mentoring note: PAL Staff or the member's advisor."""
    if not can(by, "pal.follow_member", enrollment):
        raise TransitionError(_("You do not have permission to make this change."))
    return AdvisorNote.objects.create(
        enrollment=enrollment, kind=kind, date=date, note=note, written_by=by
    )
