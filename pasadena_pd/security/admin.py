"""Admin hardening: hostile query strings become the admin's own "invalid filter" notice."""

from django.contrib.admin.options import IncorrectLookupParameters


class _BoundedDates:
    """Django's date_hierarchy turns ?<field>__year=9999 (the next year does not exist) or a
    huge year into an uncaught ValueError/OverflowError, a 500; here they are bad filter
    values like any other (the admin redirects with ?e=1)."""

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


def bound_date_hierarchies(site) -> None:
    """Give every registered ModelAdmin with a date_hierarchy the bounded change list.

    Called once the admin modules are loaded (PasadenaPdConfig.ready), so it covers every
    app's admins, third-party ones (django-axes) included, and admins added later."""
    for model_admin in site._registry.values():
        if not model_admin.date_hierarchy:
            continue
        base = model_admin.get_changelist(None)
        if issubclass(base, _BoundedDates):
            continue
        bounded = type(f"Bounded{base.__name__}", (_BoundedDates, base), {})
        model_admin.get_changelist = lambda request, _bounded=bounded, **kwargs: _bounded
