"""The refusals PAL's services raise; each message is for the family or staff who asked."""

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from pal.models import Enrollment


class EnrollmentError(Exception):
    """A refusal the family or staff should read (translated)."""


class AlreadyEnrolled(EnrollmentError):
    """The child already has an application for the term. Never shown to the public form's
    visitor (that would tell anyone that a named child is a member): the family on record
    is told by email instead (`apply_for_enrollment`)."""

    def __init__(self, existing: "Enrollment"):
        super().__init__(_("This child is already enrolled in this term."))
        self.existing = existing


class FamilyLimitReached(EnrollmentError):
    """The family already has PAL_CHILDREN_PER_FAMILY applications in the term. Told to the
    family by email only, like AlreadyEnrolled (the form's answer is the same)."""

    def __init__(self, email: str):
        super().__init__(_("This family has reached the number of applications for the term."))
        self.email = email


class ConsentError(Exception):
    """Consenting again was refused (translated, for the family)."""
