"""The public request form. Field names are a contract: any client may post them."""

import datetime
import re

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from outreach.models import Area, RequestKind, SpecialResource
from pasadena_pd.form_rendering import BootstrapForm
from pasadena_pd.public_forms import HoneypotMixin

SUBMISSION_KEY = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
# Far enough to catch typos (year 2206), near enough that no date arithmetic overflows.
FARTHEST_PAST = datetime.timedelta(days=366)
FARTHEST_FUTURE = datetime.timedelta(days=3 * 366)

phone_validator = RegexValidator(
    r"^[0-9+().\-\s]{7,25}(\s*(x|ext\.?)\s*[0-9]{1,6})?$",
    _("Enter a phone number, for example 626-555-0100."),
)


class AreaChoiceField(forms.ModelChoiceField):
    """Areas are posted by slug (as the areas page links them); a numeric id also works."""

    def to_python(self, value):
        if value not in self.empty_values and str(value).isdigit():
            area = Area.objects.filter(pk=int(value)).first()
            if area is not None:
                return area
        return super().to_python(value)


class ResourcesField(forms.ModelMultipleChoiceField):
    """None chosen (most requests) cleans to an empty list rather than `queryset.none()`,
    which the submission would evaluate: no query is built for an empty answer."""

    def clean(self, value):
        if not self.required and not value:
            return []
        return super().clean(value)


class PresentationRequestForm(BootstrapForm, HoneypotMixin, forms.Form):
    kind = forms.ChoiceField(label=_("What are you asking for?"), choices=RequestKind.choices)
    title = forms.CharField(
        label=_("Title of your meeting or event"),
        max_length=200,
        help_text=_("For example: “Orange Grove Neighborhood Watch, spring meeting”."),
    )
    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    start_time = forms.TimeField(
        label=_("Start time"),
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    end_time = forms.TimeField(
        label=_("End time"),
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        help_text=_("Same day as the start."),
    )
    area = AreaChoiceField(
        label=_("Community Services Area"),
        queryset=Area.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("Choose your area"),
        help_text=_("Not sure? See the list of areas and their specialists."),
    )
    location = forms.CharField(label=_("Address"), max_length=300)
    expected_attendance = forms.IntegerField(
        label=_("Expected attendance"), min_value=1, max_value=100000
    )
    resources = ResourcesField(
        label=_("Special resources (optional)"),
        queryset=SpecialResource.objects.order_by("lead_time_days", "name"),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Each needs extra pre-planning: see the lead times above."),
    )
    organization = forms.CharField(
        label=_("Organization (optional)"), max_length=200, required=False
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=120)
    contact_email = forms.EmailField(label=_("Email"), max_length=254)
    contact_phone = forms.CharField(label=_("Phone"), max_length=40, validators=[phone_validator])
    notes = forms.CharField(
        label=_("Anything else we should know? (optional)"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    submission_key = forms.CharField(required=False, widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.fields["resources"].label_from_instance = lambda resource: (
            _("%(name)s (%(days)s days' notice)")
            % {"name": resource.label, "days": resource.lead_time_days}
        )

    def clean_date(self):
        day = self.cleaned_data["date"]
        if day < self.today - FARTHEST_PAST:
            raise forms.ValidationError(_("That date is in the past. Please choose a coming date."))
        if day > self.today + FARTHEST_FUTURE:
            raise forms.ValidationError(_("That date is too far ahead. Please check the year."))
        return day

    def clean_submission_key(self):
        # A malformed key is ignored rather than refused: the request still goes through.
        key = self.cleaned_data.get("submission_key", "")
        return key if SUBMISSION_KEY.match(key) else ""

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The end time must be later than the start time."))
        return cleaned
