import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from outreach.models import Area
from pasadena_pd.permissions import allowed_by
from pasadena_pd.workflow import Transition, Workflow

MAX_PARTY_SIZE_LIMIT = 20
# The fixed pages under /events/ (events/urls.py): an event slug must not shadow them.
RESERVED_SLUGS = frozenset(
    {"archive", "calendar", "national-night-out", "registrations", "block-parties"}
)


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published=True)

    def upcoming(self, now=None):
        """Events that have not ended yet, soonest first."""
        return self.filter(ends_at__gte=now or timezone.now()).order_by("starts_at", "pk")

    def past(self, now=None):
        """Events that have ended, most recent first."""
        return self.filter(ends_at__lt=now or timezone.now()).order_by("-starts_at", "-pk")

    def in_month(self, year: int, month: int):
        """Events that overlap the local calendar month."""
        tz = timezone.get_current_timezone()
        first = datetime.datetime(year, month, 1, tzinfo=tz)
        following = datetime.datetime(year + month // 12, month % 12 + 1, 1, tzinfo=tz)
        return self.filter(starts_at__lt=following, ends_at__gte=first).order_by("starts_at", "pk")

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def not_cancelled(self):
        return self.exclude(status=Event.Status.CANCELLED)


class Event(models.Model):
    """One public event; a series (the Academy) also has dated sessions."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")

    class Kind(models.TextChoices):
        NNO_KICKOFF = "nno_kickoff", _("National Night Out kick-off")
        NATIONAL_NIGHT_IN = "national_night_in", _("National Night In (virtual town hall)")
        NEIGHBORHOOD_WATCH = "neighborhood_watch", _("Neighborhood Watch meeting")
        BUSINESS_WATCH = "business_watch", _("Business Watch meeting")
        ACADEMY = "academy", _("Community Police Academy")
        COMMUNITY = "community", _("Community event")

    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    directions = models.TextField(
        _("directions"), blank=True, help_text=_("How to get there, in words (no map).")
    )
    starts_at = models.DateTimeField(_("starts"), db_index=True)
    ends_at = models.DateTimeField(_("ends"), db_index=True)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    # Online details: shown only to confirmed registrants, never on the public page.
    join_url = models.URLField(_("online join link"), max_length=500, blank=True)
    webinar_id = models.CharField(_("webinar ID"), max_length=60, blank=True)
    listen_only_phone = models.CharField(_("listen-only phone number"), max_length=60, blank=True)
    takes_registrations = models.BooleanField(_("takes registrations"), default=True)
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Number of people, party members included. Empty: no limit."),
    )
    max_party_size = models.PositiveSmallIntegerField(
        _("largest party"),
        default=4,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_PARTY_SIZE_LIMIT)],
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    area = models.ForeignKey(
        Area,
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
    )
    published = models.BooleanField(_("published"), default=False)
    # Changed only through EVENT_WORKFLOW (events.services.events.cancel_event and the
    # daily completion job).
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SCHEDULED
    )
    cancellation_reason = models.TextField(_("cancellation reason"), blank=True)
    # Stable identity for calendar feeds; `sequence` goes up when the time or place changes.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        indexes = [models.Index(fields=["published", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_ends_after_start",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_closes_at__gt=F("registration_opens_at")),
                name="event_registration_closes_after_opening",
                violation_error_message=_("Registration must close after it opens."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message=_("Capacity must be at least 1 (or empty for no limit)."),
            ),
            models.CheckConstraint(
                condition=Q(max_party_size__gte=1) & Q(max_party_size__lte=MAX_PARTY_SIZE_LIMIT),
                name="event_max_party_size_bounded",
            ),
            models.CheckConstraint(
                condition=~Q(status="cancelled") | ~Q(cancellation_reason=""),
                name="event_cancellation_has_reason",
                violation_error_message=_("Please give a reason for the cancellation."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = _("This address is taken by a page of the site.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        if errors:
            raise ValidationError(errors)

    @property
    def cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.join_url or self.webinar_id or self.listen_only_phone)

    @property
    def is_in_person(self) -> bool:
        return bool(self.venue or self.address)

    @property
    def calendar_url(self) -> str:
        # The feed itself is served by the calendar feeds app (pasadena_pd/urls.py).
        return f"/events/{self.slug}.ics"


class EventSession(models.Model):
    """One dated occurrence of a series (an Academy cohort meets weekly)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    location = models.CharField(
        _("location"), max_length=300, blank=True, help_text=_("Empty: the event's venue.")
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="event_session_ends_after_start",
                violation_error_message=_("A session must end after it starts."),
            )
        ]

    def __str__(self):
        when = formats.date_format(timezone.localtime(self.starts_at), "SHORT_DATETIME_FORMAT")
        return f"{self.event} · {when}"


# A cancelled event stays cancelled (calendars show it as such until it is past); an event
# that has ended is completed by the daily job (events.services.events.complete_past_events).
EVENT_WORKFLOW = Workflow(
    "status",
    [
        Transition(
            Event.Status.SCHEDULED,
            Event.Status.CANCELLED,
            allowed_by("events.cancel_event"),
            needs_reason=True,
        ),
        Transition(
            Event.Status.SCHEDULED, Event.Status.COMPLETED, allowed_by("events.complete_event")
        ),
    ],
)
