"""The city's Community Services Areas, their specialists, the special resources, the major
events (blackout days) and the policy values of the request rules."""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from outreach.rules import Policy

DEFAULT_POLICY = Policy()


class Area(models.Model):
    """A Community Services Area, served by one Neighborhood Police Specialist."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Community Services Area")
        verbose_name_plural = _("Community Services Areas")

    def __str__(self):
        return self.name


class Specialist(models.Model):
    """A Neighborhood Police Specialist: the contact for one area's requests."""

    area = models.OneToOneField(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="specialist"
    )
    name = models.CharField(_("name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=40)
    email = models.EmailField(_("email"))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="specialist",
    )

    class Meta:
        ordering = ["area__name"]
        verbose_name = _("Neighborhood Police Specialist")
        verbose_name_plural = _("Neighborhood Police Specialists")

    def __str__(self):
        return self.label(self.name, self.area.name)

    @staticmethod
    def label(name, area_name) -> str:
        """How a specialist is named, from values (the admin's requests list reads these)."""
        return f"{name} ({area_name})"


class SpecialResource(models.Model):
    """A resource that needs extra pre-planning (K-9, helicopter...), with its lead time."""

    class Code(models.TextChoices):
        K9 = "k9", _("K-9 officer")
        MOBILE_SUBSTATION = "mobile_substation", _("Mobile Substation")
        MOTOR_OFFICER = "motor_officer", _("Motor Officer")
        HELICOPTER = "helicopter", _("Helicopter flyover")

    code = models.CharField(_("code"), max_length=30, choices=Code.choices, unique=True)
    name = models.CharField(_("name"), max_length=100)
    lead_time_days = models.PositiveSmallIntegerField(
        _("lead time (days)"), validators=[MaxValueValidator(365)]
    )
    units = models.PositiveSmallIntegerField(
        _("units"), validators=[MinValueValidator(1), MaxValueValidator(50)]
    )

    class Meta:
        ordering = ["lead_time_days", "name"]
        verbose_name = _("special resource")
        verbose_name_plural = _("special resources")

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        """The name residents read: the built-in name in their language, unless staff gave
        the resource another name."""
        built_in = self.Code(self.code).label
        with translation.override("en"):
            english = str(built_in)
        return str(built_in) if self.name == english else self.name


# Defaults from the domain contract; supervisors edit the stored values in admin.
DEFAULT_SPECIAL_RESOURCES = {
    SpecialResource.Code.K9: (21, 2),
    SpecialResource.Code.MOTOR_OFFICER: (21, 4),
    SpecialResource.Code.MOBILE_SUBSTATION: (30, 1),
    SpecialResource.Code.HELICOPTER: (45, 1),
}


class MajorEventQuerySet(models.QuerySet):
    def overlapping(self, first_day, last_day):
        return self.filter(start_date__lte=last_day, end_date__gte=first_day)


class MajorEvent(models.Model):
    """A major city event that takes every available officer: a blackout day (or days)."""

    class Source(models.TextChoices):
        BUILT_IN = "built_in", _("Built in")
        STAFF = "staff", _("Entered by staff")
        IMPORTED = "imported", _("Imported from a calendar file")

    name = models.CharField(_("name"), max_length=200)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"), help_text=_("Inclusive: the last whole day."))
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.STAFF
    )
    # Stable identity for built-in and imported events, so that re-imports update in place.
    external_uid = models.CharField(
        _("external UID"), max_length=255, unique=True, null=True, blank=True
    )
    # Two fields, never one: the public feed prints the first and nothing else (issue 14).
    public_note = models.TextField(
        _("public note"),
        blank=True,
        help_text=_("Printed in the public major events calendar, under the event's name."),
    )
    internal_note = models.TextField(
        _("internal note"), blank=True, help_text=_("Staffing, contacts, plans: for staff.")
    )
    # The calendar feeds' UID: random, so that two installations never share one.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MajorEventQuerySet.as_manager()

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("major event (blackout)")
        verbose_name_plural = _("major events (blackout days)")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="major_event_ends_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            )
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("outreach:areas")


class RequestPolicy(models.Model):
    """The policy values of the request rules: one row, edited by supervisors. Its defaults
    are DOMAIN.md's, written once in `outreach.rules.Policy`."""

    min_notice_days = models.PositiveSmallIntegerField(
        _("minimum notice (days)"), default=DEFAULT_POLICY.min_notice_days
    )
    weekend_min_notice_days = models.PositiveSmallIntegerField(
        _("weekend minimum notice (days)"), default=DEFAULT_POLICY.weekend_min_notice_days
    )
    weekend_min_hours = models.DecimalField(
        _("weekend minimum duration (hours)"),
        max_digits=4,
        decimal_places=2,
        default=DEFAULT_POLICY.weekend_min_duration // datetime.timedelta(hours=1),
    )
    max_advance_days = models.PositiveSmallIntegerField(
        _("maximum advance (days)"), default=DEFAULT_POLICY.max_advance_days
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("request policy")
        verbose_name_plural = _("request policy")

    def __str__(self):
        return str(_("Request policy"))

    @classmethod
    def current(cls) -> "RequestPolicy":
        policy, _created = cls.objects.get_or_create(pk=1)
        return policy
