"""The rows of a quick change list (pasadena_pd.admin_lists), the same HTML as Django's.

Django renders each row's action checkbox through a form widget template, reverses each
row's change URL, and builds every cell through `items_for_result` (the field looked up by
name, the empty value's lazy translation, the choices flattened, the date formatted, two
`format_html` per cell): with 100 rows, most of the requests change list's time in the
profile. `quick_rows` writes the same checkbox directly, builds every row's URL from one
reversed pattern, and writes each row in one piece from a plan of its columns made once per
page, with each distinct value formatted once (dates and times once per process).
"""

import datetime
import html
from operator import itemgetter

from django.contrib.admin import helpers
from django.contrib.admin.templatetags.admin_list import ResultList, items_for_result
from django.contrib.admin.utils import display_for_field, display_for_value, lookup_field, quote
from django.core.exceptions import ObjectDoesNotExist
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.urls import NoReverseMatch
from django.utils import formats
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from pasadena_pd.admin_lists import PK_MARK, QuickChangeList, QuickChangeListMixin, row_field

# Values whose display depends only on the value (in one request's language and zone).
_MEMO_TYPES = (str, int, bool, datetime.date, datetime.time, datetime.datetime, type(None))


def _quick_checkbox(cl):
    """A row's action checkbox from its key and label (`__str__`), as
    `QuickChangeListMixin.action_checkbox` writes it, with the label's translation looked up
    once per page; None if the admin has its own."""
    if getattr(type(cl.model_admin), "action_checkbox", None) is not (
        QuickChangeListMixin.action_checkbox
    ):
        return None
    label = _("Select this object for an action - {}")
    name = conditional_escape(helpers.ACTION_CHECKBOX_NAME)
    start = f'<input type="checkbox" name="{name}" value="'

    def checkbox(pk, text):
        shown = label.format(_escape(str(text)))
        return f'{start}{_escape(str(pk))}" class="action-select" aria-label="{shown}">'

    return checkbox


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
        self.field = row_field(cl.lookup_opts, name)
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
            return self.checkbox(result.pk, result), classes
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
                if type(value) not in _MEMO_TYPES:
                    return self.display(value), classes
                key = (type(value), value)
            shown = self.memo.get(key)
            if shown is None:
                shown = self.memo[key] = (
                    _escape(value) if field.is_relation else self.display(value)
                )
            return shown, classes
        return self._generic_cell(cl, result)

    def display(self, value):
        """A field's value (not a relation's) as `items_for_result` shows it, escaped."""
        if isinstance(value, str) and value.strip() == "":
            value = ""
        elif self.text and type(value) is str:
            return html.escape(value)
        elif self.localized and value is not None:
            return _localized(value, self.language)
        return _escape(display_for_field(value, self.field, self.empty, self.link))

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
    return isinstance(cl, QuickChangeList) and not (
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
    if cl.row_paths is not None:
        return _rows_from_values(cl, columns, link_pattern)
    pk_attname = cl.pk_attname
    rows = []
    for result in cl.result_list:
        parts = []
        for column in columns:
            shown, classes = column.cell(cl, result)
            tag = column.table_tag
            if column.link and link_pattern is not None:
                url = link_pattern.replace(
                    PK_MARK, _escape(str(quote(getattr(result, pk_attname)))), 1
                )
                shown = f'<a href="{url}">{shown}</a>'
            parts.append(f'<{tag} class="{classes}">{shown}</{tag}>')
        rows.append(ResultList(None, [SafeString("".join(parts))]))  # every part escaped above
    return rows


def _rows_from_values(cl, columns, link_pattern):
    """The rows written from their values (`QuickChangeList.row_paths`): each cell but the
    checkbox's and the link's written once per distinct value on the page."""
    at = {path: index for index, path in enumerate(cl.row_paths)}
    pk_at = at[cl.lookup_opts.pk.attname]
    labels = cl.model_admin.list_row_labels
    writers = [_value_cell(column, at, pk_at, labels, link_pattern) for column in columns]
    return [
        ResultList(None, [SafeString("".join([write(row) for write in writers]))])
        for row in cl.result_list
    ]


def _value_cell(column, at, pk_at, labels, link_pattern):
    """A function writing the column's cell of a row of values, as `_Column.cell` and
    `quick_rows` write it from a model object."""
    start, end = f'<{column.table_tag} class="{column.classes}">', f"</{column.table_tag}>"
    if column.checkbox is not None:
        paths, build = labels["__str__"]
        text_of, checkbox = _values_getter([at[path] for path in paths]), column.checkbox
        return lambda row: f"{start}{checkbox(row[pk_at], build(*text_of(row)))}{end}"
    field = column.field
    if field.is_relation:
        # The relation's key (None: the empty value), then its label's values.
        paths, build = labels[column.name]
        key_of = _values_getter([at[field.attname]] + [at[path] for path in paths])
        empty = column.empty

        def show(key):
            return empty if key[0] is None else _escape(str(build(*key[1:])))

        kept = True
    else:
        key_of, show = itemgetter(at[field.attname]), column.display
        kept = None  # by the value's type
    if column.link and link_pattern is not None:

        def linked(row):
            url = link_pattern.replace(PK_MARK, _escape(str(quote(row[pk_at]))), 1)
            return f'{start}<a href="{url}">{show(key_of(row))}</a>{end}'

        return linked
    written = {}

    def cell(row):
        key = key_of(row)
        shown = written.get(key) if kept or type(key) in _MEMO_TYPES else None
        if shown is None:
            shown = f"{start}{show(key)}{end}"
            if kept or type(key) in _MEMO_TYPES:
                written[key] = shown
        return shown

    return cell


def _values_getter(indexes):
    """A row's values at these indexes, as a tuple."""
    if len(indexes) == 1:
        index = indexes[0]
        return lambda row: (row[index],)
    return itemgetter(*indexes)
