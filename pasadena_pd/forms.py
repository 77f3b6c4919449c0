"""Public forms of the project itself (the apps keep theirs)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasadena_pd.form_rendering import BootstrapForm
from pasadena_pd.public_forms import HoneypotMixin


class FindRequestsForm(BootstrapForm, HoneypotMixin, forms.Form):
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The address you used on the form."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
