"""Forms validate and nothing more; the services write."""

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pal.models import (
    AdvisorNote,
    Campus,
    Enrollment,
    GradingPeriod,
    PickUpPerson,
    ProgramTerm,
    SummerActivity,
)
from pal.rules import eligibility
from pal.services.consent import current_version
from pasadena_pd.form_rendering import BootstrapForm
from pasadena_pd.public_forms import HoneypotMixin

GUARDIAN_FIELDS = ("name", "relationship", "phone", "email", "address")
CHILD_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "school",
    "grade",
    "needs_transportation",
    "campus",
    "allergies_medical",
    "consent_participation",
    "consent_transportation",
    "media_consent",
    "signature",
)
YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ConsentMixin:
    """Labels the consent fields with the current version's wording in the page's language,
    and refuses a form whose page showed another version (a version published meanwhile):
    the family agrees to the wording it read, never to one it did not see."""

    def show_consent_wording(self):
        self.consent = current_version()
        text = self.consent.text(get_language())
        self.fields["consent_participation"].label = text.participation
        if "consent_transportation" in self.fields:
            self.fields["consent_transportation"].label = text.transportation
        self.fields["media_consent"].label = text.media
        self.fields["consent_version"].initial = self.consent.number
        self.seen_version = ""
        if self.is_bound:  # the page that comes back shows the current wording
            key = self.add_prefix("consent_version")
            self.seen_version = str(self.data.get(key) or "").strip()
            self.data = self.data.copy()
            self.data[key] = self.consent.number

    def check_consent_version(self):
        if self.seen_version and self.seen_version != str(self.consent.number):
            self.add_error(
                None,
                _(
                    "The consent wording changed while you filled in the form. Please read "
                    "it again below and send the form again."
                ),
            )


class ActivityChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, activity):
        return _("%(term)s: %(name)s (ages %(min)s to %(max)s; %(days)s, %(start)s to %(end)s)") % {
            "term": activity.term.name,
            "name": activity.name,
            "min": activity.min_age,
            "max": activity.max_age,
            "days": ", ".join(activity.day_names),
            "start": date_format(activity.start_time, "TIME_FORMAT"),
            "end": date_format(activity.end_time, "TIME_FORMAT"),
        }


class EnrollmentForm(BootstrapForm, ConsentMixin, HoneypotMixin, forms.Form):
    """One child's application, filled by a parent or guardian.

    With `guardian` given (a family enrolling another child), the guardian's fields are left
    out: they are taken from the first application.
    """

    term = forms.ModelChoiceField(label=_("Program term"), queryset=ProgramTerm.objects.none())
    first_name = forms.CharField(label=_("Child's first name"), max_length=60)
    last_name = forms.CharField(label=_("Child's last name"), max_length=60)
    date_of_birth = forms.DateField(
        label=_("Date of birth"), widget=forms.DateInput(attrs={"type": "date"})
    )
    school = forms.CharField(label=_("School"), max_length=120)
    grade = forms.TypedChoiceField(
        label=_("Grade"), choices=[("", "---------"), *Enrollment.Grade.choices], coerce=int
    )
    needs_transportation = forms.BooleanField(
        label=_("My child needs transportation from school to the PAL center (school year)"),
        required=False,
    )
    campus = forms.ModelChoiceField(
        label=_("Pick-up campus"),
        queryset=Campus.objects.filter(active=True),
        required=False,
    )
    activities = ActivityChoiceField(
        label=_("Summer classes and outings"),
        queryset=SummerActivity.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    allergies_medical = forms.CharField(
        label=_("Allergies and medical notes"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    guardian_name = forms.CharField(label=_("Parent or guardian's name"), max_length=120)
    guardian_relationship = forms.CharField(label=_("Relationship to the child"), max_length=60)
    guardian_phone = forms.CharField(label=_("Phone"), max_length=40)
    guardian_email = forms.EmailField(label=_("Email"))
    guardian_address = forms.CharField(label=_("Home address"), max_length=200)
    contact1_name = forms.CharField(label=_("First emergency contact: name"), max_length=120)
    contact1_relationship = forms.CharField(label=_("Relationship"), max_length=60)
    contact1_phone = forms.CharField(label=_("Phone"), max_length=40)
    contact2_name = forms.CharField(label=_("Second emergency contact: name"), max_length=120)
    contact2_relationship = forms.CharField(label=_("Relationship"), max_length=60)
    contact2_phone = forms.CharField(label=_("Phone"), max_length=40)
    consent_participation = forms.BooleanField(
        label=_("I allow my child to take part in PAL activities"),
        error_messages={"required": _("PAL needs your consent for your child to take part.")},
    )
    consent_transportation = forms.BooleanField(
        label=_("I allow PAL to drive my child from school to the PAL center"), required=False
    )
    media_consent = forms.ChoiceField(
        label=_("May PAL use photos or videos in which my child appears?"),
        choices=YES_NO,
        widget=forms.RadioSelect,
    )
    signature = forms.CharField(
        label=_("Signature: type your full name"),
        max_length=120,
        help_text=_("Typing your name signs this form; the date and time are recorded."),
    )
    # The consent version whose wording the page showed (see ConsentMixin).
    consent_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, guardian=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.guardian = guardian
        self.show_consent_wording()
        open_terms = ProgramTerm.objects.open_for_enrollment(self.today)
        self.fields["term"].queryset = open_terms
        self.fields["activities"].queryset = SummerActivity.objects.filter(
            term__in=open_terms
        ).select_related("term")
        if guardian is not None:
            for name in GUARDIAN_FIELDS:
                del self.fields[f"guardian_{name}"]

    def clean_date_of_birth(self):
        birth_date = self.cleaned_data["date_of_birth"]
        if not eligibility.is_plausible_birth_date(birth_date, self.today):
            raise forms.ValidationError(
                _(
                    "Please check the date of birth: it cannot be in the future or more than "
                    "100 years ago."
                )
            )
        return birth_date

    def clean_media_consent(self):
        return self.cleaned_data["media_consent"] == "yes"

    def clean(self):
        data = super().clean()
        self.check_consent_version()
        term, birth_date = data.get("term"), data.get("date_of_birth")
        if term is None or birth_date is None:
            return data
        result = eligibility.check_eligibility(birth_date, term.start_date)
        if not result.eligible:
            self.add_error("date_of_birth", self._age_refusal(term, birth_date, result.age))
            return data
        self._clean_transportation(data, term)
        self._clean_activities(data, term, result.age)
        return data

    def _age_refusal(self, term, birth_date, age) -> str:
        """Why the child cannot join this term, and the open term they fit, if any."""
        facts = {"date": date_format(term.start_date, "DATE_FORMAT"), "term": term.name, "age": age}
        if term.start_date < self.today:
            text = _(
                "PAL members must be 9 to 17 years old on the first day of the term. On "
                "%(date)s, the first day of %(term)s, this child was %(age)s."
            )
        else:
            text = _(
                "PAL members must be 9 to 17 years old on the first day of the term. On "
                "%(date)s, the first day of %(term)s, this child will be %(age)s."
            )
        message = text % facts
        for other in self.fields["term"].queryset.exclude(pk=term.pk).order_by("start_date"):
            fits = eligibility.check_eligibility(birth_date, other.start_date)
            if fits.eligible:
                return (
                    message
                    + " "
                    + _("The child fits %(term)s (age %(age)s on %(date)s): choose that term.")
                    % {
                        "term": other.name,
                        "age": fits.age,
                        "date": date_format(other.start_date, "DATE_FORMAT"),
                    }
                )
        return message

    def _clean_transportation(self, data, term):
        if not data.get("needs_transportation"):
            data["campus"] = None
            return
        if not term.is_school_year:
            self.add_error(
                "needs_transportation", _("Transportation is offered during the school year only.")
            )
        if data.get("campus") is None:
            self.add_error("campus", _("Choose the campus where PAL picks your child up."))
        if not data.get("consent_transportation"):
            self.add_error(
                "consent_transportation",
                _("Transportation needs your consent to drive your child."),
            )

    def _clean_activities(self, data, term, age):
        for activity in data.get("activities") or []:
            if activity.term_id != term.pk:
                self.add_error(
                    "activities",
                    _("%(name)s belongs to another term.") % {"name": activity.name},
                )
            elif not eligibility.fits_age_band(age, activity.min_age, activity.max_age):
                self.add_error(
                    "activities",
                    _("%(name)s is for ages %(min)s to %(max)s.")
                    % {"name": activity.name, "min": activity.min_age, "max": activity.max_age},
                )

    def guardian_data(self) -> dict | None:
        if self.guardian is not None:
            return None
        return {name: self.cleaned_data[f"guardian_{name}"] for name in GUARDIAN_FIELDS}

    def child_data(self) -> dict:
        data = {name: self.cleaned_data[name] for name in CHILD_FIELDS}
        return {**data, "consent_version": self.consent}

    def contacts(self) -> list[dict]:
        return [
            {
                "name": self.cleaned_data[f"contact{number}_name"],
                "relationship": self.cleaned_data[f"contact{number}_relationship"],
                "phone": self.cleaned_data[f"contact{number}_phone"],
            }
            for number in (1, 2)
        ]


class PickUpPersonForm(BootstrapForm, forms.ModelForm):
    """Someone the guardian allows to collect the child (status page)."""

    class Meta:
        model = PickUpPerson
        fields = ["name", "relationship", "phone"]


class DecisionForm(BootstrapForm, forms.Form):
    """PAL Staff's decision on an application; the suggested advisor is preselected."""

    advisor = forms.ModelChoiceField(label=_("Youth Advisor"), queryset=None, required=False)
    reason = forms.CharField(
        label=_("Reason for declining (sent to the family and kept in the history)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, **kwargs):
        from pal.models import YouthAdvisor

        super().__init__(*args, **kwargs)
        self.fields["advisor"].queryset = YouthAdvisor.objects.filter(
            active=True
        ).with_member_counts()
        self.fields["advisor"].label_from_instance = lambda advisor: (
            _("%(name)s (%(count)s members)")
            % {"name": advisor.name, "count": advisor.active_member_count}
        )


class GradeForm(BootstrapForm, forms.Form):
    period = forms.ModelChoiceField(
        label=_("Grading period"), queryset=GradingPeriod.objects.none()
    )
    gpa = forms.DecimalField(
        label=_("GPA"),
        min_value=0,
        max_value=4,
        max_digits=3,
        decimal_places=2,
        help_text=_("From 0.00 to 4.00, at most two decimals."),
    )

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = enrollment.term.grading_periods.all()
        self.fields["period"].label_from_instance = lambda period: period.name


class NoteForm(BootstrapForm, forms.ModelForm):
    class Meta:
        model = AdvisorNote
        fields = ["kind", "date", "note"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}),
            "note": forms.Textarea(attrs={"rows": 3}),
        }


class RosterFilterForm(BootstrapForm, forms.Form):
    """The filters of the roster page, from the query string; bad values are form errors."""

    term = forms.ModelChoiceField(
        label=_("Term"), queryset=ProgramTerm.objects.all(), required=False
    )
    activity = forms.ModelChoiceField(
        label=_("Class or outing"),
        queryset=SummerActivity.objects.select_related("term"),
        required=False,
    )
    campus = forms.ModelChoiceField(
        label=_("Campus"), queryset=Campus.objects.all(), required=False
    )


class DayForm(BootstrapForm, forms.Form):
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ConsentForm(BootstrapForm, ConsentMixin, forms.Form):
    """A family consents again, to a new version (the application's status page)."""

    consent_participation = forms.BooleanField(
        error_messages={"required": _("PAL needs your consent for your child to take part.")},
    )
    consent_transportation = forms.BooleanField(
        error_messages={"required": _("Transportation needs your consent to drive your child.")},
    )
    media_consent = forms.ChoiceField(choices=YES_NO, widget=forms.RadioSelect)
    signature = forms.CharField(
        label=_("Signature: type your full name"),
        max_length=120,
        help_text=_("Typing your name signs this form; the date and time are recorded."),
    )
    consent_version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, enrollment, **kwargs):
        super().__init__(*args, **kwargs)
        if not enrollment.needs_transportation:
            del self.fields["consent_transportation"]
        self.show_consent_wording()

    def clean_media_consent(self):
        return self.cleaned_data["media_consent"] == "yes"

    def clean(self):
        data = super().clean()
        self.check_consent_version()
        return data
