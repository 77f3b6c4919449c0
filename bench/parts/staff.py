"""A staff account for the admin pages, and a session the load generator sends as a cookie."""

from django.apps import apps
from django.conf import settings
from django.contrib.auth import (
    BACKEND_SESSION_KEY,
    HASH_SESSION_KEY,
    SESSION_KEY,
    get_user_model,
)
from django.utils.module_loading import import_string

from bench.dataset import Context

USERNAME = "bench-admin"


def two_factor_session_data(user) -> dict:
    """What a session holds after the two-factor step, when two-factor sign-in is installed
    (superusers must pass it before any admin page)."""
    if not apps.is_installed("django_otp.plugins.otp_totp"):
        return {}
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="Benchmark", defaults={"confirmed": True}
    )
    return {DEVICE_ID_SESSION_KEY: device.persistent_id}


def build_staff_session(context: Context) -> None:
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(
        username=USERNAME,
        defaults={"email": "bench-admin@example.org", "is_staff": True, "is_superuser": True},
    )
    user.set_unusable_password()  # nobody logs in with it: the session below is the way in
    user.save()
    # A session like the one a login (and the two-factor step) makes, without the forms.
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    backends = settings.AUTHENTICATION_BACKENDS
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(
        (backend for backend in backends if backend.endswith("ModelBackend")), backends[0]
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.update(two_factor_session_data(user))
    store.create()
    context.info["staff_cookie"] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    context.info["staff_user_id"] = user.pk
    context.info["staff_pages"] = staff_pages(context)
    context.counts["staff sessions"] = 1


# Staff pages beside the admin (each app's /staff/ pages), where their app is installed.
STAFF_PAGES = [
    ("PAL staff dashboard", "/pal/staff/"),
    ("PAL rosters", "/pal/staff/rosters/"),
    ("PAL needs support", "/pal/staff/needs-support/"),
    ("PAL transportation", "/pal/staff/transportation/"),
    ("NNO visit plan", "/events/national-night-out/{year}/visit-plan/"),
]


def staff_pages(context: Context) -> list[tuple[str, str]]:
    """[(name, path)]: every admin change list (as registered), then the staff pages."""
    from django.contrib import admin
    from django.urls import reverse

    changelists = sorted(
        (
            f"admin {model._meta.verbose_name_plural}",
            reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist"),
        )
        for model in admin.site._registry
    )
    year = context.info.get("nno_year", 2000)
    return [(str(name), path) for name, path in changelists] + [
        (name, path.format(year=year)) for name, path in STAFF_PAGES
    ]
