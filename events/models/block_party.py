import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Area
from pasadena_pd.languages import language_field
from pasadena_pd.permissions import allowed_by
from pasadena_pd.tokens import new_token
from pasadena_pd.workflow import Transition, Workflow


class BlockPartyQuerySet(models.QuerySet):
    def for_year(self, year: int):
        return self.filter(year=year)

    def approved(self):
        return self.filter(status=BlockParty.Status.APPROVED)

    def unconfirmed(self):
        return self.filter(status=BlockParty.Status.UNCONFIRMED)

    def registered(self):
        """Pending or approved: what the public National Night Out page lists."""
        return self.filter(status__in=[BlockParty.Status.PENDING, BlockParty.Status.APPROVED])


class BlockParty(models.Model):
    """A neighborhood block party on the night of National Night Out."""

    class Status(models.TextChoices):
        # Until the link emailed to the host is confirmed: not listed, not reviewed (issue 14).
        UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    host_name = models.CharField(_("host's name"), max_length=120)
    host_email = models.EmailField(_("host's email"))
    host_phone = models.CharField(_("host's phone"), max_length=40)
    street_address = models.CharField(_("street address"), max_length=300)
    # The only location detail shown to the public (never the house number or the host).
    street_name = models.CharField(_("street name"), max_length=200)
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="block_parties"
    )
    year = models.PositiveSmallIntegerField(_("National Night Out year"), db_index=True)
    date = models.DateField(_("night"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    expected_attendance = models.PositiveIntegerField(_("expected attendance"))
    wants_officer_visit = models.BooleanField(_("officer visit"), default=True)
    wants_fire_engine = models.BooleanField(_("fire engine visit"), default=False)
    wants_bicycle_registration = models.BooleanField(_("bicycle registration table"), default=False)
    notes = models.TextField(_("notes from the host"), blank=True)
    language = language_field()
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by `manage.py apply_retention` once the personal details are gone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = BlockPartyQuerySet.as_manager()

    class Meta:
        ordering = ["date", "area__name", "street_name", "pk"]
        verbose_name = _("block party")
        verbose_name_plural = _("block parties")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="block_party_ends_after_start",
                violation_error_message=_("The party must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(expected_attendance__gte=1),
                name="block_party_attendance_positive",
            ),
            # A host registers one party per night; a second submission is a duplicate.
            models.UniqueConstraint(
                Lower("host_email"),
                "year",
                condition=Q(status__in=["pending", "approved"]),
                name="block_party_one_active_per_host_and_year",
                violation_error_message=_("This host already registered a party for this night."),
            ),
        ]

    def __str__(self):
        return f"{self.street_name} ({self.area}, {self.year})"

    def get_absolute_url(self):
        return reverse("events:block_party", kwargs={"token": self.token})

    def clean(self):
        errors = {}
        if self.starts_at and self.date and timezone.localdate(self.starts_at) != self.date:
            errors["starts_at"] = _("The party starts on the night of National Night Out.")
        # The constraint covers `year`, read-only in admin, where Django would skip it.
        if self.host_email and self.year and self.status in {"pending", "approved"}:
            taken = (
                BlockParty.objects.registered()
                .filter(year=self.year, host_email__iexact=self.host_email)
                .exclude(pk=self.pk)
            )
            if taken.exists():
                errors["host_email"] = _("This host already registered a party for this night.")
        if errors:
            raise ValidationError(errors)


BLOCK_PARTY_WORKFLOW = Workflow(
    "status",
    [
        Transition(
            BlockParty.Status.UNCONFIRMED,
            BlockParty.Status.PENDING,
            allowed_by("events.confirm_block_party"),
        ),
        Transition(
            BlockParty.Status.PENDING,
            BlockParty.Status.APPROVED,
            allowed_by("events.approve_block_party"),
        ),
        Transition(
            BlockParty.Status.PENDING,
            BlockParty.Status.DECLINED,
            allowed_by("events.decline_block_party"),
            needs_reason=True,
        ),
        Transition(
            BlockParty.Status.APPROVED,
            BlockParty.Status.DECLINED,
            allowed_by("events.decline_block_party"),
            needs_reason=True,
        ),
        # The host (holding the private link) or a coordinator.
        Transition(
            BlockParty.Status.PENDING,
            BlockParty.Status.CANCELLED,
            allowed_by("events.cancel_block_party"),
        ),
        Transition(
            BlockParty.Status.APPROVED,
            BlockParty.Status.CANCELLED,
            allowed_by("events.cancel_block_party"),
        ),
    ],
)
