"""Two-factor authentication for staff pages (django-otp, TOTP).

Staff in `settings.OTP_REQUIRED_ROLES` (and superusers, who hold every role) must verify a
code from their authenticator app before any page under `OTP_PROTECTED_PATH_PREFIXES` (the
admin). Other staff may enroll; once they have a device, they verify too. The password alone
is then never enough to reach minors' records.
"""

import re
from functools import lru_cache
from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

DEFAULT_PROTECTED_PATHS = (r"^/admin/", r"^/staff/", r"^/[\w-]+/staff/")


@lru_cache(maxsize=8)
def _protected(patterns: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns))


def requires_two_factor(user) -> bool:
    """Must this signed-in user verify a second factor before staff pages?"""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if user.is_superuser:
        return True
    roles = getattr(settings, "OTP_REQUIRED_ROLES", [])
    if user.groups.filter(name__in=roles).exists():
        return True
    return user_has_device(user, confirmed=True)


def _exempt_paths() -> set[str]:
    # Signing in and out must stay reachable, or nobody could get to the second step.
    return {reverse("admin:login"), reverse("admin:logout")}


class OTPRequiredMiddleware:
    """After django_otp's OTPMiddleware: send unverified staff to verify (or enroll) first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._must_verify(request):
            user = request.user
            target = "two_factor:verify" if user_has_device(user) else "two_factor:enroll"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    def _must_verify(self, request) -> bool:
        patterns = tuple(getattr(settings, "OTP_PROTECTED_PATHS", DEFAULT_PROTECTED_PATHS))
        if not _protected(patterns).search(request.path) or request.path in _exempt_paths():
            return False
        user = getattr(request, "user", None)
        if user is None or not getattr(user, "is_authenticated", False):
            return False  # the admin sends them to its login page itself
        if user.is_verified():
            return False
        return requires_two_factor(user)
