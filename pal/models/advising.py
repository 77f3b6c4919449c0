"""Following members through the school year: advisors, GPAs per grading period, notes."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import DecimalValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _


class YouthAdvisorQuerySet(models.QuerySet):
    def with_member_counts(self):
        return self.annotate(
            active_member_count=Count("members", filter=Q(members__status="accepted"))
        )

    def suggested(self):
        """The active advisor with the fewest accepted members (ties: by name)."""
        return (
            self.filter(active=True)
            .with_member_counts()
            .order_by("active_member_count", "name", "pk")
            .first()
        )


class YouthAdvisor(models.Model):
    """A Youth Advisor, with the staff account they log in with (Youth Advisors group)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        on_delete=models.PROTECT,
        related_name="youth_advisor",
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    active = models.BooleanField(_("active"), default=True)

    objects = YouthAdvisorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("Youth Advisor")
        verbose_name_plural = _("Youth Advisors")

    def __str__(self):
        return self.name


class GradeRecord(models.Model):
    """A member's GPA for one grading period (0.00 to 4.00, two decimals at most)."""

    enrollment = models.ForeignKey(
        "pal.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="grade_records",
    )
    period = models.ForeignKey(
        "pal.GradingPeriod",
        verbose_name=_("grading period"),
        on_delete=models.PROTECT,
        related_name="grade_records",
    )
    gpa = models.DecimalField(
        _("GPA"),
        max_digits=3,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.00")),
            MaxValueValidator(Decimal("4.00")),
            DecimalValidator(3, 2),
        ],
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["enrollment", "period__starts_on"]
        verbose_name = _("GPA")
        verbose_name_plural = _("GPAs")
        constraints = [
            models.UniqueConstraint(
                fields=["enrollment", "period"],
                name="pal_one_gpa_per_period",
                violation_error_message=_("A GPA is already recorded for this grading period."),
            ),
            models.CheckConstraint(
                condition=Q(gpa__gte=Decimal("0.00"), gpa__lte=Decimal("4.00")),
                name="pal_gpa_between_0_and_4",
            ),
        ]

    def __str__(self):
        return f"{self.period.name}: {self.gpa}"


class AdvisorNote(models.Model):
    """A school visit, a tutoring session or a mentoring conversation with a member."""

    class Kind(models.TextChoices):
        SCHOOL_VISIT = "school_visit", _("School visit")
        TUTORING = "tutoring", _("Tutoring")
        MENTORING = "mentoring", _("Mentoring")

    enrollment = models.ForeignKey(
        "pal.Enrollment",
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="advisor_notes",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"))
    note = models.TextField(_("note"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)

    class Meta:
        ordering = ["enrollment", "-date", "-pk"]
        verbose_name = _("advisor note")
        verbose_name_plural = _("advisor notes")

    def __str__(self):
        return f"{self.get_kind_display()} · {self.date}"
