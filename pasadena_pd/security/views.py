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
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasadena_pd.security import otp
from pasadena_pd.security.forms import EnrollmentCodeForm, TokenForm

DEVICE_NAME = "Authenticator app"
# Session key: this session proved the enrollment code (for this user).
ENROLLMENT_PROVED = "two_factor_enrollment_proved"


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
    if not otp.has_authenticator(request.user):
        return redirect(_step_url("two_factor:enroll", request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _matching_authenticator(request.user, form.cleaned_data["token"])
        if device is not None:
            _sign_in_second_factor(request, device)
            return redirect(_next_url(request))
        form.add_error(
            "token",
            _("That code is not right or has expired. Wait for a new code and try again."),
        )
    return render(request, "security/verify.html", {"form": form, "next": _next_url(request)})


def _matching_authenticator(user, token: str):
    """The user's authenticator app that shows this code (only TOTP devices sign in: the
    emailed and issued codes are for enrollment)."""
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        if device.verify_token(token):
            return device
    return None


def _masked(address: str) -> str:
    name, _at, domain = address.partition("@")
    return f"{name[:1]}…@{domain}" if domain else _("your staff address")


@never_cache
@sensitive_post_parameters("token", "code")
@login_required
def enroll(request):
    """Add a TOTP device. With one already confirmed, verify it first (no silent takeover);
    with none, first prove the enrollment with an emailed or issued one-time code."""
    if otp.has_authenticator(request.user) and not request.user.is_verified():
        return redirect(_step_url("two_factor:verify", request))
    proved = request.user.is_verified() or request.session.get(ENROLLMENT_PROVED) == str(
        request.user.pk
    )
    if not proved:
        return _enrollment_proof(request)
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": DEVICE_NAME}
    )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            _sign_in_second_factor(request, device)
            request.session.pop(ENROLLMENT_PROVED, None)
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


def _enrollment_proof(request):
    """The step before the QR code: a code emailed to the staff address, or issued by an
    administrator. The password alone never gets as far as adding a device."""
    form = EnrollmentCodeForm(request.POST if request.POST.get("action") != "email" else None)
    if request.method == "POST" and request.POST.get("action") == "email":
        if request.user.email:
            otp.email_enrollment_code(request.user)
            messages.info(
                request,
                _("If the address is right, a code is on its way to %(address)s.")
                % {"address": _masked(request.user.email)},
            )
        else:
            messages.error(
                request, _("Your account has no email address: ask an administrator for a code.")
            )
        return redirect(_step_url("two_factor:enroll", request))
    if request.method == "POST" and form.is_valid():
        if otp.proves_enrollment(request.user, form.cleaned_data["code"]):
            request.session[ENROLLMENT_PROVED] = str(request.user.pk)
            return redirect(_step_url("two_factor:enroll", request))
        form.add_error(
            "code", _("That code is not right or has expired. Ask for a new one and try again.")
        )
    context = {
        "form": form,
        "next": _next_url(request),
        "masked_email": _masked(request.user.email or ""),
    }
    return render(request, "security/enroll_proof.html", context)
