"""Enroll an authenticator app and verify its code: the second step of a staff login."""

from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasadena_pd.security.forms import TokenForm

DEVICE_NAME = "Authenticator app"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("admin:index")


def _step_url(name: str, request) -> str:
    return f"{reverse(name)}?{urlencode({'next': _next_url(request)})}"


def _sign_in_second_factor(request, device) -> None:
    # A new session key for the elevated session, so that a key seen before is useless.
    request.session.cycle_key()
    otp_login(request, device)


def _qr_code_svg(device) -> str:
    # Drawn here as SVG: the secret never leaves the site for a QR code service.
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    svg = image.to_string(encoding="unicode")
    label = _("QR code to scan with your authenticator app")
    return mark_safe(  # noqa: S308 (our own SVG; the label is a fixed translated string)
        svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="qr-code" ', 1)
    )


@never_cache
@sensitive_post_parameters("token")
@login_required
def verify(request):
    if not user_has_device(request.user):
        return redirect(_step_url("two_factor:enroll", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            _sign_in_second_factor(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token",
            _("That code is not right or has expired. Wait for a new code and try again."),
        )
    return render(request, "security/verify.html", {"form": form, "next": _next_url(request)})


@never_cache
@sensitive_post_parameters("token")
@login_required
def enroll(request):
    """Add a TOTP device. With one already confirmed, verify it first (no silent takeover)."""
    if user_has_device(request.user) and not request.user.is_verified():
        return redirect(_step_url("two_factor:verify", request))
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _sign_in_second_factor(request, device)
            messages.success(request, _("Two-factor authentication is on for your account."))
            return redirect(_next_url(request))
        form.add_error("token", _("That code is not right. Scan the code again and retry."))
    context = {
        "form": form,
        "next": _next_url(request),
        "qr_code": _qr_code_svg(device),
        "secret": b32encode(device.bin_key).decode("ascii"),
    }
    return render(request, "security/enroll.html", context)
