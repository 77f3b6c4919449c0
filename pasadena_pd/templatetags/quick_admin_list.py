"""Quicker admin parts with Django's HTML (docs/performance.md, issue 20).

`{% quick_result_list cl %}`: Django's `{% result_list cl %}` with the rows of
pasadena_pd.admin_lists.quick_rows (the same HTML, written in one piece per row and joined
before the template, templates/admin/quick_change_list_results.html).
`{% quick_date_hierarchy cl %}`: Django's `{% date_hierarchy cl %}`, in fewer queries.
`{% quick_list_filter cl spec %}`: Django's `{% admin_list_filter cl spec %}`, kept.
`{% quick_app_list available_apps False %}`: the navigation sidebar's app list, kept.
`{% kept_list_part "name" %}...{% endkept_list_part %}`: kept with the list's other parts.
"""

import datetime
from functools import lru_cache
from types import SimpleNamespace

from django.contrib.admin.templatetags.admin_list import (
    date_hierarchy,
    result_headers,
    result_hidden_fields,
)
from django.contrib.admin.templatetags.base import InclusionAdminNode
from django.template import Library, Node, TemplateSyntaxError
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import SafeData, mark_safe

from pasadena_pd.admin_app_list import app_list_shape
from pasadena_pd.admin_rows import quick_rows, writes_quick_rows

register = Library()


def quick_result_list(cl):
    headers = list(result_headers(cl))
    results = quick_rows(cl)
    # For a later page whose rows are kept: it asks only their number (admin_lists.py).
    getattr(cl, "kept", {})["row_count"] = len(results)
    rows = None
    if writes_quick_rows(cl):
        # What the results template's loop writes for each row (one cell piece per row).
        rows = mark_safe("".join([f"\n\n<tr>{row[0]}</tr>\n" for row in results]))  # noqa: S308 (quick_rows escapes)
    return {
        "cl": cl,
        "result_hidden_fields": list(result_hidden_fields(cl)),
        "result_headers": headers,
        "num_sorted_fields": sum(1 for h in headers if h["sortable"] and h["sorted"]),
        "results": results,
        "rows": rows,
    }


def _kept_part(cl, part: str, render) -> str:
    """One of the change list's kept parts (`QuickChangeList.kept`, admin_lists.py): its HTML
    rendered once per key of the list's kept parts (each time when the list keeps none)."""
    kept = getattr(cl, "kept", {})
    if part not in kept:
        kept[part] = render()
    return kept[part]


class _KeptPartNode(InclusionAdminNode):
    """An inclusion tag of the change list `cl` whose HTML is one of the list's kept parts."""

    def __init__(self, parser, token, part, **kwargs):
        super().__init__(parser, token, takes_context=False, **kwargs)
        self.part = part

    def render(self, context):
        cl = self.args[0].resolve(context)
        return _kept_part(cl, self.part, lambda: super(_KeptPartNode, self).render(context))


class _KeptListPartNode(Node):
    def __init__(self, nodelist, part):
        self.nodelist = nodelist
        self.part = part

    def render(self, context):
        return _kept_part(context.get("cl"), self.part, lambda: self.nodelist.render(context))


@register.tag
def kept_list_part(parser, token):
    """`{% kept_list_part "name" %}...{% endkept_list_part %}`: a part of the change list `cl`
    drawn only from what its kept parts are keyed by (the page and its query string, the data,
    the user's roles, the language, the day), kept with them (`QuickChangeList.kept`)."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise TemplateSyntaxError(f"{bits[0]} takes the part's name")
    nodelist = parser.parse(("endkept_list_part",))
    parser.delete_first_token()
    return _KeptListPartNode(nodelist, bits[1].strip("\"'"))


@register.tag(name="quick_result_list")
def quick_result_list_tag(parser, token):
    return _KeptPartNode(
        parser,
        token,
        "rows",
        func=quick_result_list,
        template_name="quick_change_list_results.html",
    )


def quick_date_hierarchy(cl):
    """Django's `{% date_hierarchy cl %}`, with the first and last day counted with the rows
    (`QuickChangeList.get_results`) and the years between them asked one by one (each
    answered from an index) instead of grouping every row by year."""
    span = getattr(cl, "date_span", None)
    if span is None:
        return date_hierarchy(cl)
    first, last = span
    if first is not None and first.year == last.year:
        return date_hierarchy(cl)  # the months of one year (or the days of one month)
    field = cl.date_hierarchy
    if first is None:
        years = []
    elif last.year - first.year > 4:
        years = [day.year for day in cl.queryset.dates(field, "year")]
    else:
        years = [first.year]
        for year in range(first.year + 1, last.year):
            within = {
                f"{field}__gte": datetime.date(year, 1, 1),
                f"{field}__lt": datetime.date(year + 1, 1, 1),
            }
            if cl.queryset.filter(**within).exists():
                years.append(year)
        years.append(last.year)
    return {
        "show": True,
        "back": None,
        "choices": [
            {
                "link": cl.get_query_string({f"{field}__year": str(year)}, [f"{field}__"]),
                "title": str(year),
            }
            for year in years
        ],
    }


@register.tag(name="quick_date_hierarchy")
def quick_date_hierarchy_tag(parser, token):
    return _KeptPartNode(
        parser,
        token,
        "date_hierarchy",
        func=quick_date_hierarchy,
        template_name="date_hierarchy.html",
    )


_FILTERS = {}


def _shown(value) -> tuple:
    return (isinstance(value, SafeData), str(value))


@register.simple_tag
def quick_list_filter(cl, spec):
    """Django's `{% admin_list_filter cl spec %}`, the same HTML: a filter's template writes
    only its title and choices, so its HTML is kept per language and those (each of the six
    request filters was a template render on every page)."""
    choices = list(spec.choices(cl))
    if spec.template != "admin/filter.html":  # another template may show more of the spec
        return get_template(spec.template).render(
            {"title": spec.title, "choices": choices, "spec": spec}
        )
    key = (
        translation.get_language(),
        spec.template,
        _shown(spec.title),
        tuple(
            (
                bool(choice.get("selected")),
                str(choice.get("query_string")),
                _shown(choice["display"]),
            )
            for choice in choices
        ),
    )
    shown = _FILTERS.get(key)
    if shown is None:
        shown = get_template(spec.template).render(
            {"title": spec.title, "choices": choices, "spec": spec}
        )
        if len(_FILTERS) >= 512:
            _FILTERS.clear()
        _FILTERS[key] = shown
    return mark_safe(shown)  # noqa: S308 (a rendered template)


@lru_cache(maxsize=256)
def _app_list_html(language, path, show_changelinks, shape) -> str:
    # Rendered from the key alone, so one key can only ever have one HTML.
    apps = [
        {
            "app_label": label,
            "name": name,
            "app_url": app_url,
            "models": [
                {
                    "object_name": object_name,
                    "name": model_name,
                    "admin_url": admin_url,
                    "add_url": add_url,
                    "view_only": view_only,
                }
                for object_name, model_name, admin_url, add_url, view_only in models
            ],
        }
        for label, name, app_url, models in shape
    ]
    context = {"app_list": apps, "show_changelinks": show_changelinks}
    if path is not None:
        context["request"] = SimpleNamespace(path=path)
    with translation.override(language):
        return get_template("admin/app_list.html").render(context)


@register.simple_tag(takes_context=True)
def quick_app_list(context, app_list, show_changelinks):
    """`{% include 'admin/app_list.html' %}` for the navigation sidebar, the same HTML.

    The sidebar (every model a user may see) was an eighth of a change list's time; it is
    rendered once per user's set of links, page and language, and kept (docs/performance.md).
    """
    request = context.get("request")
    key = (
        translation.get_language(),
        getattr(request, "path", None),
        bool(show_changelinks),
        getattr(app_list, "shape", None) or app_list_shape(app_list),  # kept with the list
    )
    return mark_safe(_app_list_html(*key))  # noqa: S308 (a rendered template)
