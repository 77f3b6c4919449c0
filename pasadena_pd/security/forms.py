from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.validators import MaxLengthValidator, RegexValidator
from django.utils.translation import gettext_lazy as _

from pasadena_pd.form_rendering import BootstrapForm


class TokenForm(BootstrapForm, forms.Form):
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


class EnrollmentCodeForm(BootstrapForm, forms.Form):
    """The one-time code that lets a staff member add an authenticator app: emailed to their
    staff address, or issued by an administrator."""

    code = forms.CharField(
        label=_("One-time enrollment code"),
        min_length=6,
        max_length=16,
        validators=[RegexValidator(r"^[A-Za-z0-9]+$", _("Enter the letters and digits only."))],
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )


class StaffLoginForm(AdminAuthenticationForm):
    """The admin login form, with the username's length really enforced.

    Django sets `max_length` on this field after it is built, so no validator checks it: a
    longer username went on to authentication, and django-axes failed (a 500) storing the
    failed attempt in its 255-character column.
    """

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        username = self.fields["username"]
        username.validators.append(MaxLengthValidator(username.max_length or 150))
