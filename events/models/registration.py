from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models.event import MAX_PARTY_SIZE_LIMIT, Event
from pasadena_pd.languages import language_field
from pasadena_pd.permissions import allowed_by
from pasadena_pd.tokens import new_token
from pasadena_pd.workflow import Transition, Workflow


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        """Not cancelled: unconfirmed ones included (one per address and event)."""
        return self.exclude(status=Registration.Status.CANCELLED)

    def held(self):
        """Confirmed or waiting: addresses that confirmed (who may be told of changes)."""
        return self.filter(
            status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
        )

    def unconfirmed(self):
        return self.filter(status=Registration.Status.UNCONFIRMED)

    def confirmed(self):
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self):
        """The waitlist in its order: first come, first promoted."""
        return self.filter(status=Registration.Status.WAITLISTED).order_by("queued_at", "pk")

    def with_waitlist_position(self):
        """Annotate `waitlist_position` (1 = next in line; None when not waiting) in one query."""
        waiting = Registration.Status.WAITLISTED
        ahead = (
            Registration.objects.filter(event=OuterRef("event"), status=waiting)
            .filter(
                Q(queued_at__lt=OuterRef("queued_at"))
                | Q(queued_at=OuterRef("queued_at"), pk__lte=OuterRef("pk"))
            )
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            waitlist_position=Case(When(status=waiting, then=Subquery(ahead)), default=None)
        )


class Registration(models.Model):
    """One person (with their party) signed up for an event, confirmed or on its waitlist.

    A registration starts unconfirmed: it holds no place and no waitlist position until the
    link emailed to its address is opened and confirmed (issue 14); then the place or the
    waitlist is decided. Unconfirmed ones expire (UNCONFIRMED_EXPIRE_HOURS).
    """

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for email confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    party_size = models.PositiveSmallIntegerField(_("number in party"), default=1)
    language = language_field()
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)
    # When the address was confirmed: the waitlist's order (first confirmed, first promoted).
    queued_at = models.DateTimeField(_("confirmed"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    # Set by `manage.py apply_retention` once the personal details are gone.
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["event", "created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            # One active registration per person and event, whatever the email's case.
            models.UniqueConstraint(
                "event",
                Lower("email"),
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_email",
                violation_error_message=_("This email address is already registered."),
            ),
            models.CheckConstraint(
                condition=Q(party_size__gte=1) & Q(party_size__lte=MAX_PARTY_SIZE_LIMIT),
                name="registration_party_size_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.name} · {self.event}"

    def save(self, *args, **kwargs):
        # A place or a waitlist position counts from the confirmation (or from now, for
        # one a coordinator adds in the admin).
        if self.queued_at is None and self.status in (
            self.Status.CONFIRMED,
            self.Status.WAITLISTED,
        ):
            self.queued_at = timezone.now()
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "queued_at"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:registration", kwargs={"token": self.token})

    def clean(self):
        # The constraint covers `event`, which admin forms show read-only (so Django skips
        # the constraint there); check it here too, for a message instead of an error page.
        if self.event_id and self.email and self.status != self.Status.CANCELLED:
            taken = (
                Registration.objects.active()
                .filter(event_id=self.event_id, email__iexact=self.email)
                .exclude(pk=self.pk)
            )
            if taken.exists():
                raise ValidationError(
                    {"email": _("This email address is already registered for this event.")}
                )


# Promotion is done by the system when a place frees up; cancelling is open to the registrant
# (who holds the private link) and to coordinators (events.permissions).
REGISTRATION_WORKFLOW = Workflow(
    "status",
    [
        Transition(
            Registration.Status.UNCONFIRMED,
            Registration.Status.CONFIRMED,
            allowed_by("events.confirm_registration"),
        ),
        Transition(
            Registration.Status.UNCONFIRMED,
            Registration.Status.WAITLISTED,
            allowed_by("events.confirm_registration"),
        ),
        Transition(
            Registration.Status.WAITLISTED,
            Registration.Status.CONFIRMED,
            allowed_by("events.promote_registration"),
        ),
        Transition(
            Registration.Status.CONFIRMED,
            Registration.Status.CANCELLED,
            allowed_by("events.cancel_registration"),
        ),
        Transition(
            Registration.Status.WAITLISTED,
            Registration.Status.CANCELLED,
            allowed_by("events.cancel_registration"),
        ),
    ],
)
