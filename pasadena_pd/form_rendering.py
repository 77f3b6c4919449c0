"""Public forms drawn with Django's own form rendering, in Bootstrap 5's markup.

A form that mixes in `BootstrapForm` renders a field with `{{ form.name.as_field_group }}`
(or the whole form with `{{ form }}`) through `templates/forms/bootstrap5/`: a label with
the required asterisk, the input with `form-control` / `form-select` / `form-check-input`
(and `is-invalid` after an error), the errors in an `invalid-feedback` block, the help text
in `form-text` (the input's `aria-describedby` names both), a group of checkboxes or radio
buttons in a fieldset with its legend. It is the markup crispy-forms' Bootstrap 5 pack
wrote (the same labels, ids, classes, aria attributes and error texts), from one template
per field instead of a dozen includes, with the field's values worked out once in Python
(`BootstrapBoundField.get_context`) rather than looked up again and again by the template.

Only the widgets the public forms use are known here: text-like inputs, selects, text areas,
checkboxes and groups of checkboxes or radio buttons (no file inputs, no multi-widgets).
"""

from django import forms
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property

# The classes Bootstrap 5 gives each kind of input.
INPUT_CLASSES = {"checkbox": "form-check-input", "select": "form-select", "input": "form-control"}


def _bootstrap_class(widget, kind: str, invalid: bool) -> str:
    """The widget's own class, its type's name (`textinput`, `select`, ...) and Bootstrap's."""
    own = widget.attrs.get("class", "")
    type_name = type(widget).__name__.lower()
    if not own:
        own = type_name
    elif type_name not in own:
        own = f"{own} {type_name}"
    present = own.split()
    wanted = (INPUT_CLASSES[kind], "is-invalid") if invalid else (INPUT_CLASSES[kind],)
    return " ".join([own, *(name for name in wanted if name not in present)])


class BootstrapBoundField(BoundField):
    @cached_property
    def kind(self) -> str:
        """Which markup the field gets: hidden, checkbox, choices, select or input."""
        widget = self.field.widget
        if widget.is_hidden:
            return "hidden"
        if isinstance(widget, forms.CheckboxInput):
            return "checkbox"
        if isinstance(widget, forms.RadioSelect):  # CheckboxSelectMultiple too
            return "choices"
        if isinstance(widget, forms.Select):
            return "select"
        return "input"

    def as_widget(self, widget=None, attrs=None, only_initial=False):
        widget = widget or self.field.widget
        if not widget.is_hidden:
            css = _bootstrap_class(widget, self.kind, invalid=bool(self.errors))
            attrs = {**(attrs or {}), "class": css}
        return super().as_widget(widget, attrs, only_initial)

    def option_groups(self):
        """(group, options, index) of a group of checkboxes or radio buttons."""
        widget = self.field.widget
        id_ = widget.attrs.get("id") or self.auto_id
        attrs = self.build_widget_attrs({"id": id_} if id_ else {})
        return widget.optgroups(self.html_name, widget.format_value(self.value()), attrs)

    def get_context(self):
        """Everything the field's template shows, worked out once."""
        kind = self.kind
        if kind == "hidden":
            return {"kind": kind, "widget": self.as_widget()}
        errors = self.errors
        context = {
            "kind": kind,
            "errors": errors,
            "auto_id": self.auto_id,
            "label": self.label,
            "required": self.field.required,
            "help_text": self.help_text,
            "css_classes": self.css_classes(),
            "id_for_label": self.id_for_label,
            "use_fieldset": self.use_fieldset,
        }
        if kind == "choices":
            context["name"] = self.html_name
            context["option_groups"] = self.option_groups()
            context["aria_describedby"] = self.aria_describedby
        else:
            context["widget"] = self.as_widget()
        return context


# Django's widget templates include one another (text.html -> input.html -> attrs.html, one
# include per option of a select); these write the same HTML in one template each.
FLAT_WIDGETS = {
    **{
        f"django/forms/widgets/{name}.html": "forms/bootstrap5/widgets/input.html"
        for name in ("input", "text", "email", "number", "date", "time", "checkbox", "hidden")
    },
    "django/forms/widgets/select.html": "forms/bootstrap5/widgets/select.html",
    "django/forms/widgets/textarea.html": "forms/bootstrap5/widgets/textarea.html",
}


class BootstrapRenderer(TemplatesSetting):
    form_template_name = "forms/bootstrap5/form.html"
    field_template_name = "forms/bootstrap5/field.html"
    bound_field_class = BootstrapBoundField

    def get_template(self, template_name):
        return super().get_template(FLAT_WIDGETS.get(template_name, template_name))


RENDERER = BootstrapRenderer()


class BootstrapForm:
    """Mix in first (forms and model forms): the fields render in Bootstrap 5's markup."""

    default_renderer = RENDERER
