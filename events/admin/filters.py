"""List filters of the events admin pages."""

from django.contrib import admin
from django.db.models import Exists, OuterRef, Q

from events.models import Event, Registration


class RegisteredEventFilter(admin.RelatedFieldListFilter):
    """ "By event" on the registrations list: the events that have registrations, read as id
    and title only.

    Django's filter reads every event in full (5,000 in a busy year) and lists each one,
    about half of the page's time; an event without registrations only ever filtered the
    list down to nothing. An event asked for in the address stays listed (and marked), as
    before, even with no registrations. The label is the title, which is `str(event)`.
    """

    def field_choices(self, field, request, model_admin):
        shown = Exists(Registration.objects.filter(event=OuterRef("pk")))
        asked = [value for value in self.lookup_val or () if str(value).isdigit()]
        if asked:
            shown |= Q(pk__in=asked)
        ordering = self.field_admin_ordering(field, request, model_admin) or Event._meta.ordering
        return list(Event.objects.filter(shown).order_by(*ordering).values_list("pk", "title"))
