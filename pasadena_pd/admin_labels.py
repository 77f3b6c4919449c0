"""What staff read in the admin, in words rather than codes.

- Text that staff write: which fields everyone can read, which never leave the staff side. A
  field named in `public_fields` is published by a page or a feed; its help text starts with
  "Shown to the public" so that nobody types an internal note into it.
- A record's state as its label ("Awaiting supervisor approval", not
  `awaiting_supervisor_approval`), and a time window as Pasadena's local day and hours
  rather than a UTC range.
"""

from django.core.exceptions import FieldDoesNotExist
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

SHOWN_TO_THE_PUBLIC = _("Shown to the public")
STAFF_ONLY = _("Staff only: never shown on a public page or feed")


def _labelled(label, help_text):
    return format_lazy("{}. {}", label, help_text) if help_text else label


class PublicTextAdminMixin:
    """For a ModelAdmin or an inline: `public_fields` are labelled "Shown to the public",
    `internal_fields` "Staff only"."""

    public_fields: tuple[str, ...] = ()
    internal_fields: tuple[str, ...] = ()

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        if field is not None and db_field.name in self.public_fields:
            field.help_text = _labelled(SHOWN_TO_THE_PUBLIC, field.help_text)
        elif field is not None and db_field.name in self.internal_fields:
            field.help_text = _labelled(STAFF_ONLY, field.help_text)
        return field


STATE_FIELDS = ("status", "state")


def state_label(model, value: str) -> str:
    """The human label of a workflow state of `model` ("—" for none; the code if unknown)."""
    if not value:
        return "—"
    for name in STATE_FIELDS:
        try:
            choices = dict(model._meta.get_field(name).flatchoices)
        except FieldDoesNotExist:
            continue
        if value in choices:
            return str(choices[value])
    return value


def local_window(window) -> str:
    """A datetime range as local day and hours: "Sat, Jan 16, 2027, 12:00 p.m.–4:00 p.m."."""
    if window is None or window.lower is None or window.upper is None:
        return "—"
    start, end = timezone.localtime(window.lower), timezone.localtime(window.upper)
    day = date_format(start, _("D, M j, Y"))
    if start.date() == end.date():
        return f"{day}, {time_format(start, 'TIME_FORMAT')}–{time_format(end, 'TIME_FORMAT')}"
    end_day = date_format(end, _("D, M j, Y"))
    return (
        f"{day}, {time_format(start, 'TIME_FORMAT')} – {end_day}, {time_format(end, 'TIME_FORMAT')}"
    )
