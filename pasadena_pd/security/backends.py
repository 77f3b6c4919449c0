from axes.backends import AxesStandaloneBackend


class LoginLockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Every login over HTTP (the admin login form) passes the request, so each one is checked.
    Only code calls `authenticate()` without a request (the test client's `login()`, a
    shell); axes cannot tell an address there, so we let the next backend decide instead of
    raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
