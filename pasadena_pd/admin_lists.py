"""Faster admin change lists, with the same HTML (docs/performance.md, issue 20).

`QuickChangeListMixin` (for a ModelAdmin): its change list counts the rows once when nothing
filters them, with the date hierarchy's first and last day in the same query, reads the
rows as values (`list_row_labels`) or loads only the fields they show (`list_row_fields`),
keeps the action select's HTML, and has its rows written by
pasadena_pd.admin_rows.quick_rows (templates/admin/quick_change_list.html); with
`list_parts_kept`, its counts, rows and date hierarchy are kept until the data changes.
"""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.templatetags.admin_urls import add_preserved_filters
from django.contrib.admin.utils import get_fields_from_path, quote
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import InvalidPage, Paginator
from django.core.signals import setting_changed
from django.db import models
from django.db.models import Count, Max, Min
from django.dispatch import receiver
from django.forms.boundfield import BoundField
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pasadena_pd import roles
from pasadena_pd.page_cache import VERSION_KEY as DATA_VERSION_KEY
from pasadena_pd.versioned_memo import VersionedMemo

PK_MARK = "00000000pk00000000"


class QuickChangeList(ChangeList):
    row_paths = None  # the rows' values, when they are read as values (`_row_paths`)

    def get_results(self, request):
        """Django's `ChangeList.get_results`, without counting the same rows twice: with no
        filter, search or date drill-down applied, the total is the listed rows' count; the
        counts and the rows' HTML kept until the data changes when the admin allows it."""
        paginator = self.model_admin.get_paginator(
            request, self._rows_queryset(), self.list_per_page
        )
        self.kept = self._kept_parts(request)
        counts = self.kept.get("counts")
        if counts is None:
            counts = self.kept["counts"] = self._counts(paginator)
        result_count, full_result_count, self.date_span = counts
        paginator.count = result_count  # Paginator.count: a cached_property
        can_show_all = result_count <= self.list_max_show_all
        multi_page = result_count > self.list_per_page
        if (self.show_all and can_show_all) or not multi_page:
            result_list = paginator.object_list._clone()
        else:
            try:
                result_list = paginator.page(self.page_num).object_list
            except InvalidPage:
                raise IncorrectLookupParameters from None
        if "rows" in self.kept:  # written already (templatetags/quick_admin_list.py)
            result_list = _WrittenRows(self.kept["row_count"])
        self.result_count = result_count
        self.show_full_result_count = self.model_admin.show_full_result_count
        self.show_admin_actions = not self.show_full_result_count or bool(full_result_count)
        self.full_result_count = full_result_count
        self.result_list = result_list
        self.can_show_all = can_show_all
        self.multi_page = multi_page
        self.paginator = paginator

    def _counts(self, paginator) -> tuple:
        """(the rows' count, the unfiltered count, the date hierarchy's first and last day)."""
        date_span = None
        if self._counts_with_date_span(paginator):
            # One query for the count and the date hierarchy's first and last day.
            span = self.queryset.aggregate(
                count=Count("*"), first=Min(self.date_hierarchy), last=Max(self.date_hierarchy)
            )
            paginator.count = span["count"]
            date_span = (span["first"], span["last"])
        result_count = paginator.count
        if not self.model_admin.show_full_result_count:
            full_result_count = None
        elif _same_rows(self.queryset, self.root_queryset):
            full_result_count = result_count
        else:
            full_result_count = self.root_queryset.count()
        return result_count, full_result_count, date_span

    def _kept_parts(self, request) -> dict:
        """This list's kept parts ("counts", "rows", "date_hierarchy"), filled as they are
        made; a new dict each time when the admin keeps none (`list_parts_kept`), and inside
        a transaction or without the shared cache (pasadena_pd/versioned_memo.py)."""
        if not (self.model_admin.list_parts_kept and self.row_paths is not None):
            return {}
        if settings.FRAGMENT_CACHE_SECONDS <= 0:
            return {}
        user = request.user
        is_verified = getattr(user, "is_verified", None)
        key = (
            self.opts.label,
            request.path,
            request.META.get("QUERY_STRING", ""),
            # What the rows of a user may depend on: the rules' answers come from these.
            user.pk,
            (user.is_active, user.is_staff, user.is_superuser),
            bool(is_verified and is_verified()),
            roles.role_names(user),
            get_language(),
            timezone.localdate().toordinal(),  # "next 7 days"...
            tuple(str(name) for name in self.list_display),
            self.list_per_page,
        )
        return kept_lists.get(key, dict)

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
        """The listed rows as values when the admin's `list_row_labels` allows it (each a
        named tuple of `row_paths`), else as model objects with only the fields the admin's
        `list_row_fields` names (the counts and the actions keep the whole queryset;
        editable lists, whole rows)."""
        self.row_paths = self._row_paths()
        if self.row_paths is not None:
            return self.queryset.values_list(*self.row_paths, named=True)
        fields = getattr(self.model_admin, "list_row_fields", None)
        if fields is None or self.list_editable:
            return self.queryset
        return self.queryset.only(*fields)

    def _row_paths(self):
        """The values the rows are written from when every column is the action checkbox,
        a field of the model, or a relation whose label `list_row_labels` builds from
        values, and the label of the checkbox (`__str__`) too: the key first, then each
        column's field (a relation's key), then the labels' values. Else None."""
        labels = getattr(self.model_admin, "list_row_labels", None)
        if labels is None or self.list_editable or self.is_popup or self.to_field:
            return None
        paths = [self.lookup_opts.pk.attname]
        for name in self.list_display:
            if name == "action_checkbox":
                own = type(self.model_admin).action_checkbox
                if own is not QuickChangeListMixin.action_checkbox or "__str__" not in labels:
                    return None
                paths += labels["__str__"][0]
                continue
            field = row_field(self.lookup_opts, name)
            if field is None or (field.is_relation and name not in labels):
                return None
            paths.append(field.attname)
            if field.is_relation:
                paths += labels[name][0]
        return tuple(dict.fromkeys(paths))

    def _change_url_pattern(self):
        pattern = self.__dict__.get("_pattern")
        if pattern is None:
            pattern = self._pattern = reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change",
                args=(PK_MARK,),
                current_app=self.model_admin.admin_site.name,
            )
        return pattern

    def url_for_result(self, result):
        return self._change_url_pattern().replace(
            PK_MARK, str(quote(getattr(result, self.pk_attname))), 1
        )

    def preserved_url_pattern(self):
        """The row link with this page's filters kept, `PK_MARK` in place of the key."""
        return add_preserved_filters(
            {"preserved_filters": self.preserved_filters, "opts": self.opts},
            self._change_url_pattern(),
        )


class _WrittenRows:
    """The listed rows when their HTML is kept: only their number is asked for (the actions'
    "0 of 100 selected")."""

    def __init__(self, count: int):
        self.count = count

    def __len__(self) -> int:
        return self.count


# The parts of change lists drawn from the data (counts, rows, date hierarchy), per user,
# page and language, kept by the process under the data version: it moves in every process
# once a write to the site's data commits (post_save, post_delete, m2m_changed: see
# `QuickChangeListMixin.list_parts_kept`). Never in the shared cache.
kept_lists = VersionedMemo(
    "admin-change-lists",
    seconds=lambda: settings.FRAGMENT_CACHE_SECONDS,
    size=64,
    version_key=DATA_VERSION_KEY,
)


@receiver(setting_changed)
def _kept_for(setting, **kwargs):
    if setting == "FRAGMENT_CACHE_SECONDS":  # tests
        kept_lists.clear()


def row_field(opts, name):
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


class KeptRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """Django's filter by a relation, with its choices (a query on every page) kept until the
    data changes, as the kept parts of lists are (`kept_lists`)."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        key = ("choices", field.model._meta.label, field.name, tuple(ordering), get_language())
        return list(
            kept_lists.get(
                key, lambda: tuple(field.get_choices(include_blank=False, ordering=ordering))
            )
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

    `list_row_labels` (optional): how to write the rows from values, without model objects
    (their building was a quarter of the requests list's time): for "__str__" (the
    checkbox's label) and for each relation column, `(value paths, function)`, the function
    building the label from those values as the model's `__str__` does, e.g.
    `{"area": (("area__name",), str)}`. Used when every column is then a field or such a
    relation (not for popups or editable lists); `list_row_fields` serves the others.

    `list_parts_kept` (with `list_row_labels`): the counts, the rows' HTML and the date
    hierarchy are kept per process, per user (their roles, flags and second factor), page,
    query string, language and day, until a write to the site's data commits. Only for an
    admin whose rows depend on nothing else, and whose models (and those the rows name) are
    never written without signals (`QuerySet.update`, `bulk_create`, raw SQL); such a
    write shows once `FRAGMENT_CACHE_SECONDS` have passed.
    """

    change_list_template = "admin/quick_change_list.html"
    action_form = QuickActionForm
    list_row_fields = None
    list_row_labels = None
    list_parts_kept = False

    def get_changelist(self, request, **kwargs):
        return QuickChangeList

    @admin.display(description="")
    def action_checkbox(self, obj):
        # What Django's CheckboxInput renders for this checkbox, attribute for attribute.
        return format_html(
            '<input type="checkbox" name="{}" value="{}" class="action-select" aria-label="{}">',
            helpers.ACTION_CHECKBOX_NAME,
            str(obj.pk),
            format_html(_("Select this object for an action - {}"), str(obj)),
        )
