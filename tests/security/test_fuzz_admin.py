"""Hostile query strings and object ids against every admin list and change page.

Staff pages are not public, but a bookmarked or pasted URL must never end in a 500 either.
The parameters come from each ModelAdmin itself (search, ordering, paging, date hierarchy,
list filters), so admins added later are covered.
"""

import pytest
from django.contrib import admin
from django.contrib.admin import SimpleListFilter

from tests.security.fuzz import fuzz_path, fuzz_query

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_rate_limit")]

ADMINS = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def _swept(parameters) -> tuple[str, ...]:
    """Searching, ordering, paging and date parameters get the boundary sweep too."""
    return tuple(
        name
        for name in parameters
        if name in {"q", "o", "p"} or name.endswith(("__year", "__month", "__day", "__gte"))
    )


def _parameters(model_admin) -> tuple[str, ...]:
    names = ["q", "o", "p", "e", "all", "_to_field", "_popup"]
    if model_admin.date_hierarchy:
        names += [f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")]
    for list_filter in model_admin.list_filter:
        if isinstance(list_filter, type) and issubclass(list_filter, SimpleListFilter):
            names.append(list_filter.parameter_name)
            continue
        field = list_filter[0] if isinstance(list_filter, tuple) else list_filter
        names += [f"{field}__exact", f"{field}__id__exact", f"{field}__gte", f"{field}__lt"]
        names += [f"{field}__isnull"]
    return tuple(dict.fromkeys(names))


@pytest.mark.parametrize(
    ("model", "model_admin"), ADMINS, ids=[model._meta.label for model, _ in ADMINS]
)
def test_admin_pages_survive_hostile_urls(admin_client, model, model_admin):
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    parameters = _parameters(model_admin)
    assert fuzz_query(admin_client, base, parameters, examples=10, sweep=_swept(parameters)) > 0
    assert fuzz_path(admin_client, base + "{}/change/", examples=8) > 0
