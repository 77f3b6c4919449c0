"""Faster admin change lists, with the same HTML (docs/performance.md, issue 20).

Django renders each row's action checkbox through a form widget template, reverses each
row's change URL, and builds every cell through `items_for_result` (the field looked up by
name, the empty value's lazy translation, the choices flattened, the date formatted, two
`format_html` per cell): with 100 rows, most of the requests change list's time in the
profile. `QuickChangeListMixin` writes the same checkbox directly, builds every row's URL
from one reversed pattern, and writes each row in one piece from a plan of its columns made
once per page (`quick_rows`), with each distinct value formatted once.
"""

import datetime
import html

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_list import ResultList, items_for_result
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import (
    display_for_field,
    display_for_value,
    get_fields_from_path,
    lookup_field,
    quote,
)
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist, ObjectDoesNotExist
from django.core.paginator import InvalidPage, Paginator
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Count, Max, Min
from django.dispatch import receiver
from django.forms.boundfield import BoundField
from django.urls import NoReverseMatch, reverse
from django.utils import formats
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

_PK_MARK = "00000000pk00000000"
# Values whose display depends only on the value (in one request's language and zone).
_MEMO_TYPES = (str, int, bool, datetime.date, datetime.time, datetime.datetime, type(None))


class _QuickChangeList(ChangeList):
    def get_results(self, request):
        """Django's `ChangeList.get_results`, without counting the same rows twice: with no
        filter, search or date drill-down applied, the total is the listed rows' count."""
        paginator = self.model_admin.get_paginator(
            request, self._rows_queryset(), self.list_per_page
        )
        self.date_span = None
        if self._counts_with_date_span(paginator):
            # One query for the count and the date hierarchy's first and last day.
            span = self.queryset.aggregate(
                count=Count("*"), first=Min(self.date_hierarchy), last=Max(self.date_hierarchy)
            )
            paginator.count = span["count"]  # Paginator.count: a cached_property
            self.date_span = (span["first"], span["last"])
        result_count = paginator.count
        if not self.model_admin.show_full_result_count:
            full_result_count = None
        elif _same_rows(self.queryset, self.root_queryset):
            full_result_count = result_count
        else:
            full_result_count = self.root_queryset.count()
        can_show_all = result_count <= self.list_max_show_all
        multi_page = result_count > self.list_per_page
        if (self.show_all and can_show_all) or not multi_page:
            result_list = paginator.object_list._clone()
        else:
            try:
                result_list = paginator.page(self.page_num).object_list
            except InvalidPage:
                raise IncorrectLookupParameters from None
        self.result_count = result_count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.show_admin_actions = not self.show_full_result_count or bool(full_result_count)
        self.full_result_count = full_result_count
        self.result_list = result_list
        self.can_show_all = can_show_all
        self.multi_page = multi_page
        self.paginator = paginator

    def _counts_with_date_span(self, paginator) -> bool:
        """Whether the date hierarchy will ask for the first and last day of a date field
        (no year, month or day chosen), and Django's own Paginator counts."""
        if not self.date_hierarchy or type(paginator) is not Paginator:
            return False
        if any(key.startswith(f"{self.date_hierarchy}__") for key in self.params):
            return False
        field = get_fields_from_path(self.model, self.date_hierarchy)[-1]
        return type(field) is models.DateField

    def _rows_queryset(self):
        """The listed rows with only the fields the admin's `list_row_fields` names (the
        counts and the actions keep the whole queryset; editable lists, whole rows)."""
        fields = getattr(self.model_admin, "list_row_fields", None)
        if fields is None or self.list_editable:
            return self.queryset
        return self.queryset.only(*fields)

    def _change_url_pattern(self):
        pattern = self.__dict__.get("_pattern")
        if pattern is None:
            pattern = self._pattern = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(_PK_MARK,),
                current_app=self.model_admin.admin_site.name,
            )
        return pattern

    def url_for_result(self, result):
        return self._change_url_pattern().replace(
            _PK_MARK, str(quote(getattr(result, self.pk_attname))), 1
        )

    def preserved_url_pattern(self):
        """The row link with this page's filters kept, `_PK_MARK` in place of the key."""
        return add_preserved_filters(
            {"preserved_filters": self.preserved_filters, "opts": self.opts},
            self._change_url_pattern(),
        )


def _same_rows(queryset, root_queryset) -> bool:
    """Whether the list's queryset selects exactly the rows of the unfiltered one."""
    query, root = queryset.query, root_queryset.query
    return (
        query.where == root.where
        and query.combinator is None
        and root.combinator is None
        and not query.distinct_fields
        and query.low_mark == root.low_mark
        and query.high_mark == root.high_mark
    )


class _KeptBoundField(BoundField):
    """An unbound form's field whose HTML is kept per language, choices and initial value: the
    same every time, and the action select's eight options were rendered through a template
    each (4-9% of the requests list's CPU)."""

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        if widget is not None or attrs or only_initial or self.form.is_bound:
            return super().as_widget(widget, attrs, only_initial)
        choices = getattr(self.field, "choices", ())
        key = (
            get_language(),
            self.html_name,
            self.auto_id,
            tuple((value, str(label)) for value, label in choices),
            repr(self.initial),
        )
        shown = _KEPT_WIDGETS.get(key)
        if shown is None:
            if len(_KEPT_WIDGETS) >= 256:
                _KEPT_WIDGETS.clear()
            shown = _KEPT_WIDGETS[key] = super().as_widget()
        return shown


_KEPT_WIDGETS = {}


class QuickActionForm(helpers.ActionForm):
    bound_field_class = _KeptBoundField


class QuickChangeListMixin:
    """For a ModelAdmin: the change list's per-row parts without per-row templates.

    `list_row_fields` (optional): the fields the rows read, for `QuerySet.only()` (the
    columns, what `__str__` names for the checkbox's label, the related objects' fields
    their `__str__` names, as "area__name"). Building a model object costs per field, and
    100 rows of every field were a fifth of the requests list's time. A field left out is
    read with one query per row: tests/outreach/test_admin.py keeps the list's queries flat.
    """

    change_list_template = "admin/quick_change_list.html"
    action_form = QuickActionForm
    list_row_fields = None

    def get_changelist(self, request, **kwargs):
        return _QuickChangeList

    @admin.display(description="")
    def action_checkbox(self, obj):
        # What Django's CheckboxInput renders for this checkbox, attribute for attribute.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )


def _quick_checkbox(cl):
    """A row's action checkbox, as `QuickChangeListMixin.action_checkbox` writes it, with
    the label's translation looked up once per page; None if the admin has its own."""
    if getattr(type(cl.model_admin), "action_checkbox", None) is not (
        QuickChangeListMixin.action_checkbox
    ):
        return None
    label = _("Select this object for an action - {}")
    name = conditional_escape(helpers.ACTION_CHECKBOX_NAME)
    start = f'<input type="checkbox" name="{name}" value="'

    def checkbox(obj):
        value = _escape(str(obj.pk))
        shown = label.format(_escape(str(obj)))
        return f'{start}{value}" class="action-select" aria-label="{shown}">'

    return checkbox


def _plain_field(opts, name):
    """The model field a column shows as is (no callable, no relation path), else None."""
    if not isinstance(name, str) or "__" in name:
        return None
    try:
        field = opts.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.auto_created or not field.concrete or field.many_to_many or field.name != name:
        return None  # the key, m2m, `area_id`: Django's own path (`_generic_cell`)
    return field


def _escape(value):
    """`conditional_escape`, with a plain str escaped by the standard library directly (what
    Django's `escape` does for it, without its lazy-string checks)."""
    if type(value) is str:
        return html.escape(value)
    return conditional_escape(value)


# Fields whose non-empty value `display_for_field` shows as `str(value)` (no choices).
_TEXT_FIELDS = (models.CharField, models.TextField, models.EmailField, models.SlugField)
# Fields whose value `display_for_field` shows as `formats.localize(value)` (no choices).
_LOCALIZED_FIELDS = (models.DateField, models.TimeField)
_LOCALIZED = {}


def _localized(value, language):
    """A date's or time's display in the language, kept for the process: a page of 100 rows
    formatted a few dozen of them, each through Django's date format machinery."""
    key = (language, type(value), value)
    shown = _LOCALIZED.get(key)
    if shown is None:
        if len(_LOCALIZED) >= 4096:
            _LOCALIZED.clear()
        shown = _LOCALIZED[key] = _escape(formats.localize(value))
    return shown


@receiver(setting_changed)
def _forget_localized(**kwargs):
    _LOCALIZED.clear()  # formats, languages (settings change in tests only)


class _Column:
    """One column of the list, decided once per page: as `items_for_result` decides it."""

    def __init__(self, cl, index, name, link, table_tag, empty):
        self.name, self.link, self.table_tag, self.empty = name, link, table_tag, empty
        self.field = _plain_field(cl.lookup_opts, name)
        if isinstance(name, str):
            coerced = name
        elif hasattr(name, "__name__"):
            coerced = name.__name__ if name.__name__ != "<lambda>" else str(index)
        else:
            coerced = name
        classes = [f"field-{coerced}"]
        if self.field is not None and isinstance(
            self.field, (models.DateField, models.TimeField, models.ForeignKey)
        ):
            classes.append("nowrap")
        self.classes = " ".join(classes)
        plain = self.field is not None and not self.field.flatchoices
        self.text = plain and type(self.field) in _TEXT_FIELDS
        self.localized = plain and type(self.field) in _LOCALIZED_FIELDS
        self.language = get_language()
        self.memo = {}
        self.checkbox = _quick_checkbox(cl) if name == "action_checkbox" else None
        if self.checkbox is not None:
            self.classes = "action-checkbox"

    def cell(self, cl, result):
        """(the cell's content, its class attribute), as Django's `items_for_result`."""
        field, empty, classes = self.field, self.empty, self.classes
        if self.checkbox is not None:
            return self.checkbox(result), classes
        if field is not None:
            if isinstance(field.remote_field, models.ManyToOneRel):
                value = getattr(result, field.name)
                if value is None:
                    return empty, classes
                key = (type(value), value.pk)
                if key[1] is None:
                    return _escape(value), classes
            else:
                value = getattr(result, field.attname)
                if isinstance(value, str) and value.strip() == "":
                    value = ""
                elif self.text and type(value) is str:
                    return html.escape(value), classes
                elif self.localized and value is not None:
                    return _localized(value, self.language), classes
                key = (type(value), value)
                if type(value) not in _MEMO_TYPES:
                    return _escape(display_for_field(value, field, empty, self.link)), classes
            shown = self.memo.get(key)
            if shown is None:
                if field.is_relation:
                    shown = _escape(value)
                else:
                    shown = _escape(display_for_field(value, field, empty, self.link))
                self.memo[key] = shown
            return shown, classes
        return self._generic_cell(cl, result)

    def _generic_cell(self, cl, result):
        empty, classes = self.empty, [self.classes]
        try:
            f, attr, value = lookup_field(self.name, result, cl.model_admin)
        except ObjectDoesNotExist:
            return _escape(empty), self.classes
        empty = getattr(attr, "empty_value_display", empty)
        if isinstance(value, str) and value.strip() == "":
            value = ""
        if f is None or f.auto_created:
            if self.name == "action_checkbox":
                classes = ["action-checkbox"]
            boolean = getattr(attr, "boolean", False)
            if isinstance(attr, property) and hasattr(attr, "fget"):
                boolean = getattr(attr.fget, "boolean", False)
            shown = display_for_value(value, empty, boolean)
            if isinstance(value, (datetime.date, datetime.time)):
                classes.append("nowrap")
        else:
            if isinstance(f.remote_field, models.ManyToOneRel):
                related = getattr(result, f.name)
                shown = empty if related is None else related
            else:
                shown = display_for_field(value, f, empty, avoid_link=self.link)
            if isinstance(f, (models.DateField, models.TimeField, models.ForeignKey)):
                classes.append("nowrap")
        return _escape(shown), " ".join(classes)


def _columns(cl):
    empty = cl.model_admin.get_empty_value_display()
    columns, first = [], True
    for index, name in enumerate(cl.list_display):
        if cl.list_display_links is None:
            link = False
        elif first and not cl.list_display_links:
            link = True
        else:
            link = name in cl.list_display_links
        table_tag = ("th" if first else "td") if link else "td"
        if link:
            first = False
        columns.append(_Column(cl, index, name, link, table_tag, empty))
    return columns


def writes_quick_rows(cl) -> bool:
    """Lists with editable fields, popups and `to_field` links keep Django's own rows."""
    return isinstance(cl, _QuickChangeList) and not (
        getattr(cl, "formset", None) or cl.is_popup or cl.to_field
    )


def quick_rows(cl):
    """Each row of the list as one piece of HTML, the same as Django's cells joined."""
    if not writes_quick_rows(cl):
        return [ResultList(None, items_for_result(cl, result, None)) for result in cl.result_list]
    columns = _columns(cl)
    try:
        link_pattern = _escape(cl.preserved_url_pattern())
    except NoReverseMatch:
        link_pattern = None
    pk_attname = cl.pk_attname
    rows = []
    for result in cl.result_list:
        parts = []
        for column in columns:
            shown, classes = column.cell(cl, result)
            tag = column.table_tag
            if column.link and link_pattern is not None:
                url = link_pattern.replace(
                    _PK_MARK, _escape(str(quote(getattr(result, pk_attname)))), 1
                )
                shown = f'<a href="{url}">{shown}</a>'
            parts.append(f'<{tag} class="{classes}">{shown}</{tag}>')
        rows.append(ResultList(None, [SafeString("".join(parts))]))  # every part escaped above
    return rows
