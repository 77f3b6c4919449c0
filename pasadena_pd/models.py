from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasadena_pd.admin_labels import state_label
from pasadena_pd.tokens import new_token


class HistoryEntry(models.Model):
    """What a record's history entries share: the record they are about (of any model) and
    who acted, a staff user (the subclass's USER_FIELD) or a label ("requester", "system")."""

    USER_FIELD = ""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    # For entries without a staff user: "requester", "system", ...
    actor_label = models.CharField(_("actor"), max_length=60, blank=True)

    class Meta:
        abstract = True

    @property
    def actor(self) -> str:
        if getattr(self, f"{self.USER_FIELD}_id"):
            user = getattr(self, self.USER_FIELD)
            return user.get_full_name() or user.get_username()
        return self.actor_label


class StateChange(HistoryEntry):
    """One move of a workflow: who moved what from which state to which, when and why.

    Written only by `pasadena_pd.workflow.Workflow.apply`; shown read-only in admin.
    """

    USER_FIELD = "changed_by"

    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("state change")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.from_label} → {self.to_label}"

    @property
    def from_label(self) -> str:
        return state_label(self._subject_model(), self.from_state)

    @property
    def to_label(self) -> str:
        return state_label(self._subject_model(), self.to_state)

    def _subject_model(self):
        # The content type cache: no query per row of a history.
        return ContentType.objects.get_for_id(self.content_type_id).model_class()


class RecordActivity(HistoryEntry):
    """Something done to a record that is not a move of its state: moved to another day or
    place, an exception to the rules accepted, someone assigned, a note.

    Written only by `pasadena_pd.workflow.record_activity`; moves of state are StateChanges.
    """

    class Kind(models.TextChoices):
        MOVED = "moved", _("Moved (date, time or place)")
        EXCEPTION = "exception", _("Exception to the rules accepted")
        ASSIGNED = "assigned", _("Assigned")
        NOTE = "note", _("Note")

    USER_FIELD = "done_by"

    kind = models.CharField(_("what"), max_length=20, choices=Kind.choices)
    detail = models.TextField(_("detail"), blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    done_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["done_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("activity")
        verbose_name_plural = _("activity")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.detail}"


class CalendarFeedTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=CalendarFeedToken.Status.ACTIVE)


class CalendarFeedToken(models.Model):
    """The secret in a staff member's private calendar feed address.

    Created and revoked by staff in admin through `pasadena_pd.feed_tokens` (one door, with
    history); at most one active token per user. A revoked or unknown token answers 404.
    """

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff member"),
        on_delete=models.CASCADE,
        related_name="calendar_feed_tokens",
    )
    token = models.CharField(
        _("token"), max_length=64, unique=True, default=new_token, editable=False
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = CalendarFeedTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("private calendar feed")
        verbose_name_plural = _("private calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="active"),
                name="one_active_calendar_feed_token_per_user",
                violation_error_message=_("This staff member already has an active feed."),
            )
        ]

    def __str__(self):
        return str(_("Calendar feed of %(user)s") % {"user": self.user})

    def get_absolute_url(self):
        return reverse("calendar:private", kwargs={"token": self.token})


class CalendarComponent(models.Model):
    """A serialized VEVENT shared by every app process, so a restarted or second process
    does not rebuild what another one already built (see `pasadena_pd.ical_cache`).

    One row per item and rendering; `version` says which state of the item it shows.
    A cache: rows may be deleted at any time.
    """

    key = models.CharField(max_length=64, primary_key=True)
    version = models.CharField(max_length=200)
    body = models.TextField()
    stored_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cached calendar component")
        verbose_name_plural = _("cached calendar components")

    def __str__(self):
        return self.key


class CalendarFeedState(models.Model):
    """The last state each feed was seen in, so that its `Last-Modified` only moves forward.

    A feed's content can change without any row getting newer (an event unpublished or
    moved to another area leaves the feed); clients that send only `If-Modified-Since`
    would then be told nothing changed. When a feed's ETag differs from the stored one,
    its `Last-Modified` becomes the moment that was noticed (see `pasadena_pd.ical_feed`).
    """

    key = models.CharField(max_length=64, primary_key=True)  # a hash of the feed's identity
    etag = models.CharField(max_length=80)
    last_modified = models.DateTimeField()

    class Meta:
        verbose_name = _("calendar feed state")
        verbose_name_plural = _("calendar feed states")

    def __str__(self):
        return self.key


class RetentionRun(models.Model):
    """One run of `manage.py apply_retention`: when, and how many records of each kind it
    anonymised or deleted. Counts only: never a name or an id."""

    ran_at = models.DateTimeField(_("ran at"), auto_now_add=True)
    counts = models.JSONField(_("counts"), default=dict)

    class Meta:
        ordering = ["-ran_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self):
        return f"{self.ran_at:%Y-%m-%d %H:%M}: {sum(self.counts.values())}"


class SentReminder(models.Model):
    """One reminder email queued (pasadena_pd/reminders.py). The unique constraint is what
    makes a reminder go out once, whichever run or worker gets there first; a new date is a
    new `starts_at`, so a moved event gets reminded of its new day. Ids only, no personal
    data."""

    class Kind(models.TextChoices):
        WEEK_BEFORE = "week_before", _("A week before")
        DAY_BEFORE = "day_before", _("The day before")

    # What it is about: "events.registration", "events.blockparty", "outreach.request".
    about = models.CharField(_("about"), max_length=40)
    object_id = models.PositiveBigIntegerField(_("record"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_at = models.DateTimeField(_("starts"))
    sent_at = models.DateTimeField(_("queued at"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at", "-pk"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["about", "object_id", "kind", "starts_at"], name="reminder_sent_once"
            )
        ]

    def __str__(self):
        return f"{self.about} {self.object_id} {self.kind}"
