from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.utils import formats
from django.utils.translation import gettext_lazy as _


class NationalNightOutDate(models.Model):
    """A year whose National Night Out does not fall on the first Tuesday of August."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    date = models.DateField(_("date"))
    reason = models.TextField(_("reason"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-year"]
        verbose_name = _("National Night Out date (moved)")
        verbose_name_plural = _("National Night Out dates (moved)")
        constraints = [
            models.CheckConstraint(
                condition=Q(year=ExtractYear("date")),
                name="nno_date_in_its_year",
                violation_error_message=_("The date must fall in the same year."),
            )
        ]

    def __str__(self):
        return f"{self.year}: {formats.date_format(self.date, 'DATE_FORMAT')}"
