from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _


class TokenForm(forms.Form):
    """The six-digit code shown by the staff member's authenticator app."""

    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        validators=[RegexValidator(r"^\d{6,8}$", _("Enter the digits only."))],
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
    )
