"""Forms that show the consent wording: the enrollment form and the renewed consent."""

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from pal.consent import current_version

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


class ConsentForm(ConsentMixin, forms.Form):
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
