"""Two-factor sign-in for staff (django-otp): by role, not by path.

What a session may open is decided by the permission predicates (`<app>/permissions.py`):
every predicate that opens personal data includes `has_verified_device`, and the admin
itself (`pasadena_pd.use_admin`) refuses a session whose user must verify and has not.
This module holds the sign-in side:

- `needs_second_factor`: staff in `roles.TWO_FACTOR_ROLES`, superusers, and anyone who
  enrolled an authenticator app must pass the second step.
- After the password, the admin login sends them on to that step: the code of their
  authenticator app, or, with none yet, enrollment (pasadena_pd.security.views).
- Enrollment itself needs proof beyond the password: a code emailed to the staff address
  or a one-time code an administrator issued (`issue_enrollment_code`). A stolen password
  alone never enrolls a device.

Only TOTP devices (authenticator apps) are second factors. The email and static devices
of django-otp are used for the enrollment proof only, never to sign in.
"""

import copy
from urllib.parse import urlencode

import rules
from django.shortcuts import redirect
from django.urls import reverse
from django_otp.plugins.otp_email.models import EmailDevice
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from pasadena_pd import roles

EMAIL_DEVICE_NAME = "Enrollment code by email"
ISSUED_DEVICE_NAME = "Enrollment code from an administrator"


def has_authenticator(user) -> bool:
    """Has this user a confirmed authenticator app (a TOTP device)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def needs_second_factor(user) -> bool:
    """Must this signed-in user pass the second step to use the staff side at all?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser or any(roles.has_role(user, role) for role in roles.TWO_FACTOR_ROLES):
        return True
    return has_authenticator(user)


def is_verified(user) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def must_finish_sign_in(user) -> bool:
    """Signed in with the password, the second step still to do."""
    return bool(needs_second_factor(user)) and not is_verified(user)


def two_factor_url(user, next_url: str) -> str:
    """The second step for this user: verify their app's code, or enroll one first."""
    step = "two_factor:verify" if has_authenticator(user) else "two_factor:enroll"
    return f"{reverse(step)}?{urlencode({'next': next_url})}"


def redirect_to_two_factor(request, next_url: str | None = None):
    return redirect(two_factor_url(request.user, next_url or request.get_full_path()))


def two_factor_would_open(user, action: str, obj=None) -> bool:
    """Would `action` be allowed once this user passed the second step? (Then a refused
    page sends them to finish signing in rather than answering 404.)"""
    if not must_finish_sign_in(user):
        return False
    as_verified = copy.copy(user)
    as_verified.is_verified = lambda: True
    return rules.has_perm(action, as_verified, obj)


def after_password_sign_in(password_login):
    """Wrap the admin's login view: a user who must verify goes on to the second step
    instead of to `next` (and an already signed-in one who never finished, too)."""

    def login(request, extra_context=None):
        user = request.user
        if request.method == "GET" and must_finish_sign_in(user):
            return redirect_to_two_factor(request, _next_or_index(request.GET.get("next")))
        response = password_login(request, extra_context)
        user = request.user
        if request.method == "POST" and response.status_code == 302 and must_finish_sign_in(user):
            return redirect_to_two_factor(request, response["Location"])
        return response

    return login


def _next_or_index(next_url: str | None) -> str:
    return next_url or reverse("admin:index")


# --- Enrollment proof: an emailed code or one an administrator issued --------------------


def email_enrollment_code(user) -> str:
    """Email a one-time enrollment code to the user's staff address; the message to show."""
    device, _created = EmailDevice.objects.get_or_create(
        user=user, name=EMAIL_DEVICE_NAME, defaults={"confirmed": True}
    )
    return device.generate_challenge()


def issue_enrollment_code(user) -> str:
    """A new one-time enrollment code for `user` (an administrator passes it on in person or
    by phone). Replaces any earlier code that was not used."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=ISSUED_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    code = StaticToken.random_token()
    device.token_set.create(token=code)
    return code


def proves_enrollment(user, code: str) -> bool:
    """Is `code` the one emailed to the user (still valid) or issued by an administrator?
    An issued code is used up; both kinds are throttled by django-otp after failures."""
    code = code.strip().lower()
    email_device = EmailDevice.objects.filter(user=user, name=EMAIL_DEVICE_NAME).first()
    if email_device is not None and email_device.verify_token(code):
        return True
    issued = StaticDevice.objects.filter(user=user, name=ISSUED_DEVICE_NAME).first()
    return issued is not None and issued.verify_token(code)
