"""A family's applications: the guardian, each child's enrollment in a term, its emergency
contacts and summer activity places. An accepted enrollment is a PAL member."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasadena_pd.languages import language_field
from pasadena_pd.permissions import allowed_by
from pasadena_pd.tokens import new_token
from pasadena_pd.workflow import Transition, Workflow


class Guardian(models.Model):
    """The parent or guardian who filled in the form; one per family, shared by siblings."""

    name = models.CharField(_("name"), max_length=120)
    relationship = models.CharField(_("relationship to the child"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("email"))
    address = models.CharField(_("home address"), max_length=200)
    # Lets the family enroll another child without retyping the guardian (private link).
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Set by `manage.py apply_retention` once the personal details are gone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("parent or guardian")
        verbose_name_plural = _("parents and guardians")

    def __str__(self):
        return self.name


class EnrollmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The privacy boundary for every read of members (admin, staff pages, exports):
        nothing without `pal.use_staff_area` (a verified second factor included)."""
        from pal.permissions import advisor_profile, sees_every_member
        from pasadena_pd.permissions import can

        if not can(user, "pal.use_staff_area"):
            return self.none()
        if sees_every_member(user):
            return self
        return self.filter(advisor=advisor_profile(user))

    def confirmed(self):
        """Every application but those still waiting for the guardian's address."""
        return self.exclude(status=Enrollment.Status.UNCONFIRMED)

    def members(self):
        return self.filter(status=Enrollment.Status.ACCEPTED)

    def holding_a_place(self):
        """Applications that count against the term's places (pending or accepted)."""
        return self.filter(status__in=Enrollment.PLACE_HOLDING)

    def waitlist(self):
        return self.filter(status=Enrollment.Status.WAITLISTED).order_by("waitlisted_at", "pk")


class Enrollment(models.Model):
    """One child's application to one term; once accepted, a PAL member.

    An application sent by a new guardian starts unconfirmed: it holds no place, no waiting
    list position and no class place until the link emailed to the guardian's address is
    opened and confirmed (issue 14); then they are decided. Unconfirmed ones expire
    (UNCONFIRMED_EXPIRE_HOURS)."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
        SUBMITTED = "submitted", _("Received, waiting for review")
        WAITLISTED = "waitlisted", _("On the waiting list")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    PLACE_HOLDING = (Status.SUBMITTED, Status.ACCEPTED)

    class Grade(models.IntegerChoices):
        THIRD = 3, _("3rd grade")
        FOURTH = 4, _("4th grade")
        FIFTH = 5, _("5th grade")
        SIXTH = 6, _("6th grade")
        SEVENTH = 7, _("7th grade")
        EIGHTH = 8, _("8th grade")
        NINTH = 9, _("9th grade")
        TENTH = 10, _("10th grade")
        ELEVENTH = 11, _("11th grade")
        TWELFTH = 12, _("12th grade")

    term = models.ForeignKey(
        "pal.ProgramTerm",
        verbose_name=_("term"),
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    guardian = models.ForeignKey(
        Guardian, verbose_name=_("guardian"), on_delete=models.PROTECT, related_name="enrollments"
    )
    first_name = models.CharField(_("child's first name"), max_length=60)
    last_name = models.CharField(_("child's last name"), max_length=60)
    date_of_birth = models.DateField(_("date of birth"))
    school = models.CharField(_("school"), max_length=120)
    grade = models.PositiveSmallIntegerField(
        _("grade"),
        choices=Grade.choices,
        validators=[MinValueValidator(3), MaxValueValidator(12)],
    )
    needs_transportation = models.BooleanField(_("needs transportation"), default=False)
    campus = models.ForeignKey(
        "pal.Campus",
        verbose_name=_("pick-up campus"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    allergies_medical = models.TextField(_("allergies and medical notes"), blank=True)
    consent_participation = models.BooleanField(_("consent to take part"))
    consent_transportation = models.BooleanField(_("consent to transportation"), default=False)
    media_consent = models.BooleanField(_("photo and media consent"))
    # The exact wording the guardian agreed to, and when (signing or consenting again).
    consent_version = models.ForeignKey(
        "pal.ConsentVersion",
        verbose_name=_("consent version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="enrollments",
    )
    consented_at = models.DateTimeField(_("consented at"), null=True, blank=True)
    signature = models.CharField(_("typed signature"), max_length=120)
    signed_at = models.DateTimeField(_("signed at"))
    language = language_field()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    waitlisted_at = models.DateTimeField(_("waiting since"), null=True, blank=True)
    # The summer classes chosen on the form: signed up for at confirmation, not before.
    requested_activities = models.ManyToManyField(
        "pal.SummerActivity",
        verbose_name=_("classes and outings asked for"),
        blank=True,
        related_name="+",
    )
    advisor = models.ForeignKey(
        "pal.YouthAdvisor",
        verbose_name=_("Youth Advisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    token = models.CharField(max_length=40, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("received"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Set by `manage.py apply_retention` once the personal details are gone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = EnrollmentQuerySet.as_manager()

    class Meta:
        ordering = ["term", "last_name", "first_name", "pk"]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")
        constraints = [
            models.UniqueConstraint(
                Lower("first_name"),
                Lower("last_name"),
                "date_of_birth",
                "term",
                name="pal_one_enrollment_per_child_and_term",
                # An unconfirmed application (any address typed in) never blocks the family.
                condition=~Q(status="unconfirmed"),
                violation_error_message=_(
                    "This child is already enrolled in this term. The status link in the "
                    "first confirmation email shows that application."
                ),
            ),
            models.CheckConstraint(
                condition=Q(consent_participation=True), name="pal_consent_to_take_part"
            ),
            models.CheckConstraint(
                condition=Q(needs_transportation=False)
                | Q(campus__isnull=False, consent_transportation=True),
                name="pal_transportation_has_campus_and_consent",
            ),
        ]

    def __str__(self):
        return f"{self.first_name} {self.last_name} ({self.term})"

    def get_absolute_url(self):
        return reverse("pal:staff_member", args=[self.pk])

    def get_status_url(self):
        return reverse("pal:application_status", args=[self.token])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Enrollment.objects.filter(term_id=self.term_id, status=self.Status.WAITLISTED)
            .filter(
                Q(waitlisted_at__lt=self.waitlisted_at)
                | Q(waitlisted_at=self.waitlisted_at, pk__lt=self.pk)
            )
            .count()
        )
        return ahead + 1


S = Enrollment.Status
# Every move of an application, each with its actor (pal/permissions.py): PAL Staff decide,
# the family (holding the status link) or PAL Staff withdraw, and the system gives a freed
# place to the first on the waiting list.
decide = allowed_by("pal.decide_application")
withdraw = allowed_by("pal.withdraw_enrollment")
ENROLLMENT_WORKFLOW = Workflow(
    "status",
    [
        # Only whoever opens the link emailed to the guardian confirms (issue 14).
        Transition(S.UNCONFIRMED, S.SUBMITTED, allowed_by("pal.confirm_application")),
        Transition(S.UNCONFIRMED, S.WAITLISTED, allowed_by("pal.confirm_application")),
        Transition(S.SUBMITTED, S.ACCEPTED, decide),
        Transition(S.SUBMITTED, S.DECLINED, decide),
        Transition(S.WAITLISTED, S.DECLINED, decide),
        Transition(S.WAITLISTED, S.SUBMITTED, allowed_by("pal.promote_from_waitlist")),
        Transition(S.SUBMITTED, S.WITHDRAWN, withdraw),
        Transition(S.WAITLISTED, S.WITHDRAWN, withdraw),
        Transition(S.ACCEPTED, S.WITHDRAWN, withdraw),
    ],
)


class EmergencyContact(models.Model):
    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="emergency_contacts",
    )
    name = models.CharField(_("name"), max_length=120)
    relationship = models.CharField(_("relationship"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40)

    class Meta:
        ordering = ["enrollment", "pk"]
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")

    def __str__(self):
        return self.name


class PickUpPerson(models.Model):
    """Someone the guardian allows to collect the child from the PAL center. Changed by the
    family from the private status page; each change is dated in the record's activity."""

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="pick_up_people",
    )
    name = models.CharField(_("name"), max_length=120)
    relationship = models.CharField(_("relationship"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "name", "pk"]
        verbose_name = _("authorised pick-up person")
        verbose_name_plural = _("authorised pick-up people")

    def __str__(self):
        return f"{self.name} ({self.relationship})"


class ActivitySignupQuerySet(models.QuerySet):
    def placed(self):
        return self.filter(status=ActivitySignup.Status.PLACED)

    def waitlist(self):
        return self.filter(status=ActivitySignup.Status.WAITLISTED).order_by("created_at", "pk")


class ActivitySignup(models.Model):
    """A child's place (or waiting-list spot) in one summer class or outing."""

    class Status(models.TextChoices):
        PLACED = "placed", _("Has a place")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    enrollment = models.ForeignKey(
        Enrollment,
        verbose_name=_("enrollment"),
        on_delete=models.CASCADE,
        related_name="activity_signups",
    )
    activity = models.ForeignKey(
        "pal.SummerActivity",
        verbose_name=_("class or outing"),
        on_delete=models.CASCADE,
        related_name="signups",
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = ActivitySignupQuerySet.as_manager()

    class Meta:
        ordering = ["activity", "created_at", "pk"]
        verbose_name = _("class or outing place")
        verbose_name_plural = _("class and outing places")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "activity"], name="pal_one_signup_per_activity"
            )
        ]

    def __str__(self):
        return f"{self.activity}: {self.get_status_display()}"

    def waitlist_position(self) -> int | None:
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = ActivitySignup.objects.filter(
            activity_id=self.activity_id, status=self.Status.WAITLISTED
        ).filter(Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, pk__lt=self.pk))
        return ahead.count() + 1


A = ActivitySignup.Status
# A class or outing place moves only as a consequence of the enrollment's own moves.
ACTIVITY_WORKFLOW = Workflow(
    "status",
    [
        Transition(A.WAITLISTED, A.PLACED, allowed_by("pal.promote_from_waitlist")),
        Transition(A.PLACED, A.CANCELLED, allowed_by("pal.release_activity_place")),
        Transition(A.WAITLISTED, A.CANCELLED, allowed_by("pal.release_activity_place")),
    ],
)
