from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class StateChange(models.Model):
    """One move of a workflow: who moved what from which state to which, when and why.

    Written only by `pasadena_pd.workflow.Workflow.apply`; shown read-only in admin.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
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
    # For moves without a staff user: "requester", "system", ...
    actor_label = models.CharField(_("actor"), max_length=60, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    changed_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["changed_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]
        verbose_name = _("state change")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.from_state or '∅'} → {self.to_state}"

    @property
    def actor(self) -> str:
        if self.changed_by_id:
            return self.changed_by.get_full_name() or self.changed_by.get_username()
        return self.actor_label
