"""Presentation and event requests and their special-resource bookings."""

import uuid

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    DateTimeRangeField,
    IntegerRangeField,
    RangeOperators,
)
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outreach.models.areas import Area, Specialist, SpecialResource
from pasadena_pd.languages import language_field
from pasadena_pd.rules import WEEKEND_ISO_DAYS, is_weekend
from pasadena_pd.tokens import new_token


class RequestKind(models.TextChoices):
    NEIGHBORHOOD_WATCH = "neighborhood_watch", _("Neighborhood Watch meeting")
    BUSINESS_WATCH = "business_watch", _("Business Watch meeting")
    COMMUNITY_EVENT = "community_event", _("Community event")
    BLOCK_PARTY = "block_party", _("Block party")
    CARNIVAL = "carnival", _("Community carnival")
    HEALTH_FAIR = "health_fair", _("Health fair")
    PARADE = "parade", _("Parade")
    OTHER = "other", _("Other")


class RequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=PresentationRequest.OPEN_STATES)

    def weekend(self):
        return self.filter(date__iso_week_day__in=WEEKEND_ISO_DAYS)

    def weekday(self):
        return self.exclude(date__iso_week_day__in=WEEKEND_ISO_DAYS)

    def with_related(self):
        return self.select_related(
            "area", "specialist", "supervisor_approved_by", "exception_accepted_by"
        ).prefetch_related("resources")


class PresentationRequest(models.Model):
    """A resident's request for a presentation or for police support at an event."""

    class Status(models.TextChoices):
        # Until the link emailed to the contact is confirmed: no review, no resource unit,
        # not open (issue 14).
        UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
        PENDING_REVIEW = "pending_review", _("Pending review")
        AWAITING_SUPERVISOR_APPROVAL = (
            "awaiting_supervisor_approval",
            _("Awaiting supervisor approval"),
        )
        SCHEDULED = "scheduled", _("Scheduled")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    OPEN_STATES = (
        Status.PENDING_REVIEW,
        Status.AWAITING_SUPERVISOR_APPROVAL,
        Status.SCHEDULED,
    )

    # What the requester asked for (field names are the public form's contract).
    kind = models.CharField(_("kind of request"), max_length=30, choices=RequestKind.choices)
    title = models.CharField(_("title"), max_length=200)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("start time"))
    end_time = models.TimeField(_("end time"))
    area = models.ForeignKey(
        Area, verbose_name=_("area"), on_delete=models.PROTECT, related_name="requests"
    )
    location = models.CharField(_("location (address)"), max_length=300)
    expected_attendance = models.PositiveIntegerField(
        _("expected attendance"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    resources = models.ManyToManyField(
        SpecialResource, verbose_name=_("special resources"), blank=True, related_name="requests"
    )
    organization = models.CharField(_("organization"), max_length=200, blank=True)
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=40)
    notes = models.TextField(_("notes"), blank=True, max_length=4000)
    language = language_field()

    # Workflow and staff side.
    status = models.CharField(
        _("status"),
        max_length=40,
        choices=Status.choices,
        default=Status.PENDING_REVIEW,
        db_index=True,
    )
    token = models.CharField(
        _("private link token"), max_length=64, unique=True, default=new_token, editable=False
    )
    # Set by `manage.py apply_retention` once the personal details are gone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    # iCalendar SEQUENCE: +1 whenever the date, times or location change.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    # A per-render nonce from the public form: a second POST of the same form finds this row.
    submission_key = models.CharField(
        _("submission key"), max_length=64, unique=True, null=True, blank=True, editable=False
    )
    specialist = models.ForeignKey(
        Specialist,
        verbose_name=_("assigned specialist"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    supervisor_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("weekend approval by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    supervisor_approved_at = models.DateTimeField(_("weekend approval at"), null=True, blank=True)
    exception_accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("exception accepted by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    exception_accepted_at = models.DateTimeField(_("exception accepted at"), null=True, blank=True)
    exception_reason = models.TextField(_("reason for the exception"), blank=True)
    # An exception excuses the rules it names (outreach.rules codes) on the day it names; it
    # lapses when the request moves to another day, and excuses no rule it does not name.
    exception_rule_codes = ArrayField(
        models.CharField(max_length=40),
        verbose_name=_("rules excused"),
        default=list,
        blank=True,
    )
    exception_date = models.DateField(_("exception for the day"), null=True, blank=True)
    # Notice is counted from the day of the proposal: the submission, or the latest move.
    proposed_on = models.DateField(_("proposed on"), default=timezone.localdate)
    decline_reason = models.TextField(_("reason for declining"), blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = RequestQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time", "pk"]
        verbose_name = _("presentation or event request")
        verbose_name_plural = _("presentation and event requests")
        indexes = [
            models.Index(fields=["status", "date"]),
            # The staff change list's order (Meta.ordering): its first page is read in order
            # instead of sorting every request (issue 20).
            models.Index(fields=["date", "start_time", "id"], name="request_list_order"),
            # The open-requests cap per address (contact_email__iexact), on every form POST.
            models.Index(Upper("contact_email"), name="request_contact_email_upper"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")),
                name="request_ends_after_start",
                violation_error_message=_("The end time must be later than the start time."),
            ),
            # A weekend request is never scheduled (or completed) without a recorded
            # supervisor approval: who and when.
            models.CheckConstraint(
                condition=~Q(
                    status__in=["scheduled", "completed"],
                    date__iso_week_day__gte=min(WEEKEND_ISO_DAYS),
                )
                | Q(supervisor_approved_by__isnull=False, supervisor_approved_at__isnull=False),
                name="weekend_request_scheduled_only_with_approval",
                violation_error_message=_(
                    "A weekend request needs a supervisor's approval before it is scheduled."
                ),
            ),
            models.CheckConstraint(
                condition=Q(exception_accepted_at__isnull=True) | ~Q(exception_reason=""),
                name="request_exception_has_reason",
                violation_error_message=_("An exception needs a written reason."),
            ),
            # No blanket exception: an accepted one names its day and at least one rule.
            models.CheckConstraint(
                condition=Q(
                    exception_accepted_at__isnull=True,
                    exception_date__isnull=True,
                    exception_rule_codes=[],
                )
                | (
                    Q(exception_accepted_at__isnull=False, exception_date__isnull=False)
                    & ~Q(exception_rule_codes=[])
                ),
                name="request_exception_names_rules_and_day",
                violation_error_message=_("An exception names the rules and the day it excuses."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("outreach:request_status", kwargs={"token": self.token})

    @property
    def is_weekend(self) -> bool:
        return is_weekend(self.date)

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATES

    def exception_excuses(self, code: str) -> bool:
        """Does the accepted exception excuse this rule on the request's current day?"""
        return (
            self.exception_accepted_at is not None
            and self.exception_date == self.date
            and code in self.exception_rule_codes
        )


class ResourceBooking(models.Model):
    """One unit of a special resource held by a request for its time window."""

    class State(models.TextChoices):
        PENDING_PREPLANNING = "pending_preplanning", _("Pending pre-planning")
        CONFIRMED = "confirmed", _("Confirmed")
        RELEASED = "released", _("Released")

    ACTIVE_STATES = (State.PENDING_PREPLANNING, State.CONFIRMED)
    # unit_key = resource_id * UNIT_KEY_FACTOR + unit_number: one integer per unit.
    UNIT_KEY_FACTOR = 1000

    request = models.ForeignKey(
        PresentationRequest,
        verbose_name=_("request"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    resource = models.ForeignKey(
        SpecialResource,
        verbose_name=_("special resource"),
        on_delete=models.PROTECT,
        related_name="bookings",
    )
    unit_number = models.PositiveSmallIntegerField(
        _("unit"), validators=[MinValueValidator(1), MaxValueValidator(999)]
    )
    unit_key = models.PositiveIntegerField(editable=False)
    window = DateTimeRangeField(_("time window"))
    state = models.CharField(
        _("state"),
        max_length=30,
        choices=State.choices,
        default=State.PENDING_PREPLANNING,
        db_index=True,
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["request", "resource", "unit_number"]
        verbose_name = _("special resource booking")
        verbose_name_plural = _("special resource bookings")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit_number__gte=1, unit_number__lte=999),
                name="booking_unit_number_in_range",
            ),
            models.CheckConstraint(
                condition=Q(unit_key=F("resource_id") * 1000 + F("unit_number")),
                name="booking_unit_key_matches_unit",
            ),
            # One unit is never booked twice for overlapping windows. Core PostgreSQL has
            # no GiST operator class for integer equality (that is btree_gist), so the unit
            # is compared as a one-point integer range with && instead.
            ExclusionConstraint(
                name="booking_unit_never_double_booked",
                expressions=[
                    (
                        Func(
                            F("unit_key"),
                            F("unit_key"),
                            Value("[]"),
                            function="int4range",
                            output_field=IntegerRangeField(),
                        ),
                        RangeOperators.OVERLAPS,
                    ),
                    ("window", RangeOperators.OVERLAPS),
                ],
                condition=Q(state__in=["pending_preplanning", "confirmed"]),
                violation_error_message=_("This unit is already booked at that time."),
            ),
        ]

    def __str__(self):
        return f"{self.resource} #{self.unit_number}"

    @property
    def is_active(self) -> bool:
        return self.state in self.ACTIVE_STATES
