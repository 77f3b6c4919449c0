"""Forms for the public events pages. They validate; the services decide and write."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.models import Event
from events.validators import validate_phone
from outreach.models import Area
from pasadena_pd.form_rendering import BootstrapForm
from pasadena_pd.public_forms import HoneypotMixin

MAX_BLOCK_PARTY_ATTENDANCE = 5000


class EventFilterForm(BootstrapForm, forms.Form):
    """The filters of the event list (a GET form: bad values are ignored, never a 500)."""

    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *Event.Kind.choices]
    )
    area = forms.ModelChoiceField(
        label=_("Area"),
        required=False,
        queryset=Area.objects.order_by("name"),
        to_field_name="slug",
        empty_label=_("All areas"),
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        if self.cleaned_data["kind"]:
            queryset = queryset.of_kind(self.cleaned_data["kind"])
        if self.cleaned_data["area"]:
            queryset = queryset.filter(area=self.cleaned_data["area"])
        return queryset


class RegistrationForm(BootstrapForm, HoneypotMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=120)
    email = forms.EmailField(
        label=_("Email"),
        help_text=_("We send your private link here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"), max_length=40, required=False, validators=[validate_phone]
    )
    party_size = forms.IntegerField(label=_("Number in your party"), min_value=1, initial=1)

    def __init__(self, *args, event: Event, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party_size"].max_value = event.max_party_size
        self.fields["party_size"].validators.append(MaxValueValidator(event.max_party_size))
        self.fields["party_size"].widget.attrs.update({"max": event.max_party_size, "min": 1})
        self.fields["party_size"].help_text = ngettext(
            "Just you: one person per registration.",
            "Up to %(max)d people, you included.",
            event.max_party_size,
        ) % {"max": event.max_party_size}
        self.fields["name"].widget.attrs["autocomplete"] = "name"


class BlockPartyForm(BootstrapForm, HoneypotMixin, forms.Form):
    host_name = forms.CharField(label=_("Host's name"), max_length=120)
    host_email = forms.EmailField(label=_("Host's email"))
    host_phone = forms.CharField(
        label=_("Host's phone"), max_length=40, validators=[validate_phone]
    )
    street_address = forms.CharField(
        label=_("Street address of the party"),
        max_length=300,
        help_text=_("Seen only by the department, to plan officer visits."),
    )
    street_name = forms.CharField(
        label=_("Street name to show on the public list"),
        max_length=200,
        help_text=_("For example “Orange Grove Blvd”. No house numbers."),
    )
    area = forms.ModelChoiceField(
        label=_("Community Services Area"), queryset=Area.objects.order_by("name")
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    expected_attendance = forms.IntegerField(
        label=_("Expected attendance"), min_value=1, max_value=MAX_BLOCK_PARTY_ATTENDANCE
    )
    wants_officer_visit = forms.BooleanField(label=_("Officer visit"), required=False, initial=True)
    wants_fire_engine = forms.BooleanField(label=_("Fire engine visit"), required=False)
    wants_bicycle_registration = forms.BooleanField(
        label=_("Bicycle registration table"), required=False
    )
    notes = forms.CharField(
        label=_("Anything else we should know (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, night: datetime.date, year: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.night = night
        self.year = year
        self.fields["start_time"].initial = datetime.time(17, 0)
        self.fields["end_time"].initial = datetime.time(21, 0)
        # No date field: the form is for the night only (the page names it; another day
        # is a weekend event request or a call to the specialist, linked on the page).

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start_time"), cleaned.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("The party must end after it starts, on the same night."))
        return cleaned

    def party_fields(self) -> dict:
        """The cleaned values as the model's fields, times made aware on the night."""
        data = self.cleaned_data
        tz = timezone.get_current_timezone()
        return {
            "host_name": data["host_name"].strip(),
            "host_email": data["host_email"].strip(),
            "host_phone": data["host_phone"].strip(),
            "street_address": data["street_address"].strip(),
            "street_name": data["street_name"].strip(),
            "area": data["area"],
            "year": self.year,
            "date": self.night,
            "starts_at": datetime.datetime.combine(self.night, data["start_time"], tzinfo=tz),
            "ends_at": datetime.datetime.combine(self.night, data["end_time"], tzinfo=tz),
            "expected_attendance": data["expected_attendance"],
            "wants_officer_visit": data["wants_officer_visit"],
            "wants_fire_engine": data["wants_fire_engine"],
            "wants_bicycle_registration": data["wants_bicycle_registration"],
            "notes": data["notes"].strip(),
        }
