"""The consent text families sign, in versions. A version is kept for ever and never edited:
changed wording is a new version, and a family whose consent is on an older version is asked
to consent again (its status page). Each enrollment points at the version it signed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FrozenConsent(Exception):
    """A consent version or text was about to be changed in place."""


class ConsentVersionQuerySet(models.QuerySet):
    def current(self):
        """The version the form shows now (the newest), or None before the first."""
        return self.order_by("-number").first()


class ConsentVersion(models.Model):
    number = models.PositiveIntegerField(_("version"), unique=True, editable=False)
    summary = models.CharField(
        _("what changed"),
        max_length=200,
        blank=True,
        help_text=_("For staff. Families whose consent is on an older version are asked again."),
    )
    published_at = models.DateTimeField(_("published"), auto_now_add=True)

    objects = ConsentVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("consent version")
        verbose_name_plural = _("consent versions")

    def __str__(self):
        return _("Consent version %(number)s") % {"number": self.number}

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenConsent("A consent version is never edited: publish a new version.")
        if not self.number:
            last = ConsentVersion.objects.aggregate(last=models.Max("number"))["last"]
            self.number = (last or 0) + 1
        super().save(*args, **kwargs)

    def text(self, language: str) -> "ConsentText | None":
        """The wording in `language`, else in the site's default language, else any."""
        texts = {text.language: text for text in self.texts.all()}
        return (
            texts.get(language)
            or texts.get(settings.LANGUAGE_CODE)
            or next(iter(texts.values()), None)
        )


class ConsentText(models.Model):
    """One version's wording in one language: what the family read and agreed to."""

    version = models.ForeignKey(
        ConsentVersion, verbose_name=_("version"), on_delete=models.PROTECT, related_name="texts"
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    participation = models.TextField(_("consent to take part"))
    transportation = models.TextField(_("consent to transportation"))
    media = models.TextField(_("photo and media consent"))

    class Meta:
        ordering = ["version", "language"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [
            models.UniqueConstraint("version", "language", name="pal_consent_text_one_per_language")
        ]

    def __str__(self):
        return f"{self.version} ({self.language})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise FrozenConsent("A consent text is never edited: publish a new version.")
        super().save(*args, **kwargs)
