"""Admin labels for text that staff write: which fields everyone can read, which never leave
the staff side. A field named in `public_fields` is published by a page or a feed; its help
text starts with "Shown to the public" so that nobody types an internal note into it."""

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
