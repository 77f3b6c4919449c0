"""Program terms, their summer classes and outings, grading periods, and pick-up campuses."""

from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from pal.rules import eligibility

# What the center's opening hours are (DOMAIN.md); shown on /pal/. Weekday numbers as in
# datetime.date.weekday() (Monday is 0).
CENTER_HOURS = [
    (0, "12:00", "17:00"),
    (1, "14:00", "17:00"),
    (2, "14:00", "17:00"),
    (3, "14:00", "17:00"),
    (4, "14:00", "17:00"),
]
# The PAL Center's phone (the department's Community Services page).
CENTER_PHONE = "(626) 356-9166"


class Campus(models.Model):
    """A school campus where PAL picks members up on school days to bring them to the center."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    pickup_time = models.TimeField(_("pick-up time"), null=True, blank=True)
    active = models.BooleanField(_("served by PAL transportation"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("campus")
        verbose_name_plural = _("campuses")

    def __str__(self):
        return self.name


class ProgramTermQuerySet(models.QuerySet):
    def open_for_enrollment(self, today):
        return self.filter(enrollment_opens__lte=today, enrollment_closes__gte=today)

    def current(self, today):
        return self.filter(start_date__lte=today, end_date__gte=today)


class ProgramTerm(models.Model):
    """A school year or a summer, with its dates, enrollment window and number of places."""

    class Kind(models.TextChoices):
        SCHOOL_YEAR = "school_year", _("School year")
        SUMMER = "summer", _("Summer")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    enrollment_opens = models.DateField(_("enrollment opens"))
    enrollment_closes = models.DateField(_("enrollment closes"))
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])

    objects = ProgramTermQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("program term")
        verbose_name_plural = _("program terms")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="pal_term_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(enrollment_closes__gte=F("enrollment_opens")),
                name="pal_term_enrollment_window_ordered",
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="pal_term_capacity_positive"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_school_year(self) -> bool:
        return self.kind == self.Kind.SCHOOL_YEAR

    def is_open_for_enrollment(self, today) -> bool:
        return self.enrollment_opens <= today <= self.enrollment_closes


class SummerActivity(models.Model):
    """A summer class, outing or group, with its own places, age band, days and times."""

    class Kind(models.TextChoices):
        CLASS = "class", _("Class")
        OUTING = "outing", _("Outing")
        GROUP = "group", _("Group")

    term = models.ForeignKey(
        ProgramTerm, verbose_name=_("term"), on_delete=models.CASCADE, related_name="activities"
    )
    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CLASS)
    capacity = models.PositiveIntegerField(_("places"), validators=[MinValueValidator(1)])
    min_age = models.PositiveSmallIntegerField(
        _("youngest age"),
        default=eligibility.MIN_AGE,
        validators=[MinValueValidator(eligibility.MIN_AGE), MaxValueValidator(eligibility.MAX_AGE)],
    )
    max_age = models.PositiveSmallIntegerField(
        _("oldest age"),
        default=eligibility.MAX_AGE,
        validators=[MinValueValidator(eligibility.MIN_AGE), MaxValueValidator(eligibility.MAX_AGE)],
    )
    weekdays = ArrayField(
        models.PositiveSmallIntegerField(choices=sorted(WEEKDAYS.items())),
        verbose_name=_("days"),
        help_text=_("Weekday numbers, Monday is 0: for example 0,2 for Monday and Wednesday."),
        default=list,
        blank=True,
    )
    start_time = models.TimeField(_("starts at"))
    end_time = models.TimeField(_("ends at"))
    location = models.CharField(_("where"), max_length=200, blank=True)

    class Meta:
        ordering = ["term", "name"]
        verbose_name = _("summer class or outing")
        verbose_name_plural = _("summer classes and outings")
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="pal_activity_unique_name"),
            models.CheckConstraint(
                condition=Q(max_age__gte=F("min_age")), name="pal_activity_age_band_ordered"
            ),
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="pal_activity_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="pal_activity_capacity_positive"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def day_names(self) -> list[str]:
        return [str(WEEKDAYS[day]) for day in sorted(self.weekdays)]


class GradingPeriodManager(models.Manager):
    # A period's name includes its term's: every list of periods (admin filters, form
    # choices) reads the term in the same query.
    def get_queryset(self):
        return super().get_queryset().select_related("term")


class GradingPeriod(models.Model):
    """A school grading period of a school-year term (a quarter, a semester...)."""

    term = models.ForeignKey(
        ProgramTerm,
        verbose_name=_("term"),
        on_delete=models.CASCADE,
        related_name="grading_periods",
    )
    name = models.CharField(_("name"), max_length=60)
    starts_on = models.DateField(_("starts on"))

    objects = GradingPeriodManager()

    class Meta:
        ordering = ["term", "starts_on"]
        verbose_name = _("grading period")
        verbose_name_plural = _("grading periods")
        constraints = [
            models.UniqueConstraint(fields=["term", "name"], name="pal_period_unique_name"),
            models.UniqueConstraint(fields=["term", "starts_on"], name="pal_period_unique_start"),
        ]

    def __str__(self):
        return f"{self.term} · {self.name}"
