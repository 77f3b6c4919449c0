"""A staff account for the admin pages, and a session the load generator sends as a cookie."""

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
from django.utils.module_loading import import_string

from bench.dataset import Context

USERNAME = "bench-admin"


def build_staff_session(context: Context) -> None:
    user_model = get_user_model()
    user, _created = user_model.objects.get_or_create(
        username=USERNAME,
        defaults={"email": "bench-admin@example.org", "is_staff": True, "is_superuser": True},
    )
    user.set_unusable_password()  # nobody logs in with it: the session below is the way in
    user.save()
    # A session like the one a login makes, without going through the login form.
    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    backends = settings.AUTHENTICATION_BACKENDS
    store[BACKEND_SESSION_KEY] = next(
        (b for b in backends if b.endswith("ModelBackend")), backends[0]
    )
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    context.info["staff_cookie"] = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    context.counts["staff sessions"] = 1
