"""The error summary of every public form (GOV.UK's pattern).

After a refused submit the page's title starts with "Error:" and a summary at the top of
the page, focused on load, lists each problem as a link to the field it concerns. On a
phone the resident sees at once that something needs them, and where.
"""

from dataclasses import dataclass

from django import template
from django.forms.forms import NON_FIELD_ERRORS
from django.utils.translation import gettext as _

from pasadena_pd.public_forms import HONEYPOT_FIELD

register = template.Library()


@dataclass(frozen=True)
class Problem:
    message: str
    anchor: str = ""  # the id of the field's input, or "" for a problem of the whole form


def field_anchor(form, name: str) -> str:
    """The id of the first input of a field (a group of checkboxes links to its first)."""
    if name not in form.fields or name == HONEYPOT_FIELD:
        return ""
    bound = form[name]
    if bound.is_hidden:
        return ""
    return bound.id_for_label or f"{bound.auto_id}_0"


def form_problems(form, findings=()) -> list[Problem]:
    """The form's own errors in field order, then blocking findings of the request rules."""
    if not hasattr(form, "errors"):  # no form on this page (registration closed)
        return []
    problems = [Problem(str(error)) for error in form.errors.get(NON_FIELD_ERRORS, [])]
    for name, field in form.fields.items():
        for error in form.errors.get(name, []):
            anchor = field_anchor(form, name)
            if anchor:
                message = _("%(field)s: %(error)s") % {"field": field.label, "error": error}
                problems.append(Problem(message, anchor))
            else:
                problems.append(Problem(str(error)))
    for finding in findings:
        if finding.blocking:
            problems.append(Problem(finding.message, field_anchor(form, finding.field or "")))
    return problems


@register.simple_tag
def has_problems(form, findings=()) -> bool:
    return bool(form_problems(form, findings))


@register.inclusion_tag("_error_summary.html")
def error_summary(form, findings=(), title=""):
    return {"problems": form_problems(form, findings), "title": title}
