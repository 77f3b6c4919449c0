"""Helpers for tests that sign staff in past the two-factor step (pasadena_pd.security.otp).

Supervisors, PAL Staff and superusers must verify a TOTP code before any admin page. Tests:

- Django test client: `verify_client(client, user)` force-logs the user in and marks the
  session as verified with a confirmed TOTP device (the `admin_client` fixture of
  tests/conftest.py already does this for its superuser).
- Playwright: `verified_admin_login(page, base_url, user)` signs in through the admin login
  page and types the current TOTP code on the verify page, as a person would. The user must
  have the factories' password ("correct-horse-battery-staple") unless one is given.
"""

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

FACTORY_PASSWORD = "correct-horse-battery-staple"


def totp_device_for(user) -> TOTPDevice:
    """The user's confirmed TOTP device (created if missing)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
    return device


def current_token(device: TOTPDevice) -> str:
    """The code the user's authenticator app shows right now."""
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def verified(user):
    """The user as a request that passed the second factor sees it (django-otp's
    OTPMiddleware sets `is_verified` on request.user the same way): for services and
    predicates called without a request."""
    user.is_verified = lambda: True
    return user


def verify_client(client, user):
    """Log `user` into the Django test client with an OTP-verified session."""
    device = totp_device_for(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client


def verified_admin_login(
    page, base_url: str, user, password: str = FACTORY_PASSWORD, next_url: str = "/admin/"
):
    """Sign in through /admin/login/ and the two-factor page; ends on `next_url`."""
    device = totp_device_for(user)
    page.goto(f"{base_url}/admin/login/?next={next_url}")
    page.get_by_label("Username").fill(user.get_username())
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Six-digit code from your authenticator app").fill(current_token(device))
    page.get_by_role("button", name="Verify").click()
    page.wait_for_url(f"{base_url}{next_url}")
    return page
