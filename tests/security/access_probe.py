"""Probe every URL of the URL conf and every admin action as every actor of the access
matrix (pasadena_pd/access_matrix.py), on the demo data, and say allowed or refused.

- URLs: walked from the URL conf (admin included), reversed with sample arguments taken
  from the demo data; GET as each actor. Allowed: the view answered (2xx, 304, 405 for a
  POST-only view reached past its permission check, or a redirect that is not to sign-in).
  Refused: 403, 404, or a redirect to the sign-in or two-factor pages.
- Admin actions: each ModelAdmin's `get_actions` for each actor (Django runs only listed
  actions, so listed = allowed).

Unnamed admin patterns that only forward to a named one (`<object_id>/` to its change
page, the catch-all) are left out: the named page they forward to is probed.
"""

import datetime

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from pasadena_pd import access_matrix
from pasadena_pd.roles import NEIGHBORHOOD_SERVICES, YOUTH_ADVISORS
from tests.security.otp import FACTORY_PASSWORD, totp_device_for, verified, verify_client

SIGN_IN_PATHS = ("/admin/login/", "/account/two-factor/")


def url_patterns(patterns=None, prefix="", namespace=None):
    """(name or route, route, pattern) of every view in the URL conf."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            joined = f"{namespace}:{inner}" if namespace and inner else (inner or namespace)
            yield from url_patterns(pattern.url_patterns, prefix + str(pattern.pattern), joined)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name, prefix + str(pattern.pattern), pattern


class World:
    """The demo data, one user per actor, and a sample argument for every URL kwarg."""

    def __init__(self):
        call_command("seed_demo", verbosity=0)
        from events.models import BlockParty, Event, Registration
        from outreach.models import Area, PresentationRequest
        from pal.models import Enrollment, YouthAdvisor
        from pasadena_pd.feed_tokens import create_feed_token

        User = get_user_model()
        self.users = {}  # one user per column: (role, with a verified device)
        for role in access_matrix.ROLES:
            for device in (False, True):
                name = f"matrix-{role.lower().replace(' ', '-')}{'-2fa' if device else ''}"
                user = User.objects.create_user(
                    name,
                    f"{name}@example.org",
                    FACTORY_PASSWORD,
                    is_staff=True,
                    is_superuser=role == access_matrix.SUPERUSER,
                )
                if role != access_matrix.SUPERUSER:
                    user.groups.add(Group.objects.get(name=role))
                self.users[role, device] = user

        self.member = Enrollment.objects.members().exclude(advisor=None).first()
        # Both Youth Advisor users are advisors; the sample member is the verified one's
        # (the other, without a device, must see nothing of it anyway).
        for device in (False, True):
            advisor = YouthAdvisor.objects.create(
                user=self.users[YOUTH_ADVISORS, device], name=f"Matrix {device}"
            )
        Enrollment.objects.filter(pk=self.member.pk).update(advisor=advisor)
        # Before the school year's first grading period (e.g. early August) the demo has no
        # GPA yet: the matrix probes a real grade record of the member on every day.
        from pal.models import GradeRecord, GradingPeriod

        GradeRecord.objects.get_or_create(
            enrollment=self.member,
            period=GradingPeriod.objects.filter(term=self.member.term).order_by("pk").first(),
            defaults={"gpa": "3.00"},
        )
        area = Area.objects.first()
        from outreach.models import Specialist

        # The Neighborhood Services user is the area's specialist (their feed's area).
        Specialist.objects.filter(area=area).update(user=self.users[NEIGHBORHOOD_SERVICES, True])
        owner = self.users[access_matrix.SUPERUSER, True]
        totp_device_for(owner)
        feed = create_feed_token(owner=owner, by=owner)
        # The sample feed of the workflow table: a Neighborhood Services member's own.
        specialist = self.users[NEIGHBORHOOD_SERVICES, True]
        self.own_feed = create_feed_token(owner=specialist, by=specialist)

        event = Event.objects.published().first()
        self.kwargs = {
            "calendar:area": {"slug": area.slug},
            "calendar:private": {"token": feed.token},
            "event_calendar": {"slug": event.slug},
            "request_calendar": {"token": PresentationRequest.objects.first().token},
            "outreach:request_status": {"token": PresentationRequest.objects.first().token},
            "outreach:request_cancel": {"token": PresentationRequest.objects.first().token},
            "outreach:request_confirm": {"token": PresentationRequest.objects.first().token},
            "events:visit_plan": {"year": timezone.localdate().year},
            "events:registration": {"token": Registration.objects.first().token},
            "events:registration_cancel": {"token": Registration.objects.first().token},
            "events:registration_confirm": {"token": Registration.objects.first().token},
            "events:block_party": {"token": BlockParty.objects.first().token},
            "events:block_party_cancel": {"token": BlockParty.objects.first().token},
            "events:block_party_confirm": {"token": BlockParty.objects.first().token},
            "events:detail": {"slug": event.slug},
            "events:register": {"slug": event.slug},
            "events:register_sent": {"slug": event.slug},
            "pal:application_status": {"token": self.member.token},
            "pal:application_withdraw": {"token": self.member.token},
            "pal:application_confirm": {"token": self.member.token},
            "pal:pick_up_add": {"token": self.member.token},
            "pal:consent_again": {"token": self.member.token},
            # GET only (POST-only views answer 405): nothing is removed by the probe.
            "pal:pick_up_remove": {"token": self.member.token, "pk": 1},
        }
        for name in ("staff_member", "staff_decide", "staff_record_grade", "staff_add_note"):
            self.kwargs[f"pal:{name}"] = {"pk": self.member.pk}
        self._admin_samples()

    def _admin_samples(self):
        from axes.models import AccessAttempt, AccessFailureLog, AccessLog

        when = timezone.now() - datetime.timedelta(days=1)
        AccessAttempt.objects.get_or_create(
            username="someone", ip_address="192.0.2.1", defaults={"failures_since_start": 1}
        )
        AccessLog.objects.get_or_create(username="someone", ip_address="192.0.2.1")
        AccessFailureLog.objects.get_or_create(
            username="someone", ip_address="192.0.2.1", defaults={"attempt_time": when}
        )
        from django.contrib.contenttypes.models import ContentType

        from events.models import Event

        event = Event.objects.first()
        self.kwargs["admin:view_on_site"] = {
            "content_type_id": ContentType.objects.get_for_model(Event).pk,
            "object_id": event.pk,
        }
        for model in admin.site._registry:
            prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
            sample = self._admin_sample(model)
            # No row (the tasks' results, with the immediate backend): a missing one, which
            # the admin answers with its list (allowed) or its refusal, like a real one.
            pk = sample.pk if sample is not None else 0
            for view in ("change", "delete", "history"):
                self.kwargs[f"{prefix}_{view}"] = {"object_id": pk}
            self.kwargs[f"{prefix}_password_change"] = {"id": pk}
            self.kwargs[f"{prefix}_config"] = {"pk": pk}
            self.kwargs[f"{prefix}_qrcode"] = {"pk": pk}

    def _admin_sample(self, model):
        """A PAL record of the member the verified Youth Advisor advises (so the table shows
        what an advisor opens of their own members); any row of other models."""
        rows = model._default_manager.order_by("pk")
        if model._meta.app_label == "pal":
            if model._meta.model_name == "enrollment":
                rows = rows.filter(pk=self.member.pk)
            elif model._meta.model_name == "guardian":
                rows = rows.filter(pk=self.member.guardian_id)
            elif any(field.name == "enrollment" for field in model._meta.fields):
                rows = rows.filter(enrollment=self.member)
        return rows.first()

    def sample(self, label: str):
        """A record of `app.Model` for the workflow table (the member the verified Youth
        Advisor advises; the Neighborhood Services member's own feed)."""
        from django.apps import apps

        if label == "pal.Enrollment":
            return type(self.member).objects.get(pk=self.member.pk)
        if label == "pasadena_pd.CalendarFeedToken":
            return self.own_feed
        if label == "pal.ActivitySignup":
            from pal.models import ActivitySignup

            return ActivitySignup.objects.filter(enrollment=self.member).first() or (
                ActivitySignup(enrollment=self.member)
            )
        return apps.get_model(label)._default_manager.order_by("pk").first()

    def rows(self):
        """(row name, path) of every URL to probe."""
        app_labels = sorted({model._meta.app_label for model in admin.site._registry})
        for name, route, pattern in url_patterns():
            if name is None:
                continue  # forwarders to a named page (see the module docstring)
            if name == "admin:app_list":
                for label in app_labels:
                    yield f"admin:app_list[{label}]", reverse(name, kwargs={"app_label": label})
                continue
            if pattern.pattern.converters or "(?P<" in route:
                if name not in self.kwargs:
                    yield name, None  # no sample: the test says which one is missing
                    continue
                yield name, reverse(name, kwargs=self.kwargs[name])
            else:
                yield name, reverse(name)

    def client_for(self, actor: str, with_device: bool) -> Client:
        client = Client()
        if actor == access_matrix.ANONYMOUS:
            return client
        user = self.users[actor, with_device]
        if with_device:
            return verify_client(client, user)
        client.force_login(user)
        return client

    def request_for(self, actor: str, with_device: bool):
        request = RequestFactory().get("/admin/")
        if actor == access_matrix.ANONYMOUS:
            from django.contrib.auth.models import AnonymousUser

            request.user = AnonymousUser()
        else:
            user = get_user_model().objects.get(pk=self.users[actor, with_device].pk)
            request.user = verified(user) if with_device else user
            if not with_device:
                user.is_verified = lambda: False
        return request


def answered(response) -> bool:
    """Did the view answer (allowed) rather than refuse?"""
    if response.status_code in (403, 404):
        return False
    if response.status_code in (301, 302):
        # The admin answers a record it does not show with its index ("does not exist").
        return not response["Location"].startswith(SIGN_IN_PATHS) and (
            response["Location"] != reverse("admin:index")
        )
    return response.status_code < 400 or response.status_code == 405


def action_allowed(model_admin, name: str, request) -> bool:
    """Django runs an action only from the change list (the admin itself, and the view or
    change permission) and only when `get_actions` lists it."""
    return (
        model_admin.admin_site.has_permission(request)
        and model_admin.has_view_or_change_permission(request)
        and name in model_admin.get_actions(request)
    )


def admin_actions():
    """(row name, model admin, action name) of every admin action of every ModelAdmin."""
    for model, model_admin in admin.site._registry.items():
        names = {name for _func, name, _desc in model_admin._get_base_actions()}
        for name in sorted(names):
            yield f"{model._meta.app_label}.{model._meta.model_name}:{name}", model_admin, name


# --- Workflows --------------------------------------------------------------------------
APPS = ("pasadena_pd", "outreach", "events", "pal")
# The record each workflow moves (a sample from the demo data). A new workflow joins here.
WORKFLOW_MODELS = {
    "REGISTRATION_WORKFLOW": "events.Registration",
    "EVENT_WORKFLOW": "events.Event",
    "BLOCK_PARTY_WORKFLOW": "events.BlockParty",
    "REQUEST_WORKFLOW": "outreach.PresentationRequest",
    "BOOKING_WORKFLOW": "outreach.ResourceBooking",
    "ENROLLMENT_WORKFLOW": "pal.Enrollment",
    "ACTIVITY_WORKFLOW": "pal.ActivitySignup",
    "TOKEN_WORKFLOW": "pasadena_pd.CalendarFeedToken",
}


def workflows():
    """(name, Workflow) of every workflow defined in the project's modules."""
    import importlib
    import pkgutil

    from pasadena_pd.workflow import Workflow

    found = {}
    for app in APPS:
        package = importlib.import_module(app)
        for module_info in pkgutil.walk_packages(package.__path__, f"{app}."):
            if ".migrations" in module_info.name or ".management" in module_info.name:
                continue
            module = importlib.import_module(module_info.name)
            for name, value in vars(module).items():
                if isinstance(value, Workflow):
                    found.setdefault(name, value)
    return sorted(found.items())


def workflow_actors(world: "World", record):
    """Every column's user (verified or not), a link holder holding this record's private
    link, and the system."""
    from pasadena_pd.permissions import SYSTEM, LinkHolder

    for actor, device in access_matrix.columns():
        yield access_matrix.code(actor, device), world.request_for(actor, device).user
    yield access_matrix.LINK_HOLDER, LinkHolder(getattr(record, "token", "") or "", "holder")
    yield access_matrix.SYSTEM, SYSTEM


def _shortest(cell: str) -> str:
    """A row's cell with the table's shorthands ("everyone"...) where they fit exactly."""
    codes = access_matrix.allowed_codes(cell)
    for shorthand, meaning in access_matrix.SHORTHANDS.items():
        if codes == meaning:
            return shorthand
    return cell


def rewrite_table(section: str, rows: dict[str, str]) -> None:
    """ACCESS_MATRIX_WRITE=1: write the observed rows as the expected ones (then review the
    diff of pasadena_pd/access_matrix.py before committing it)."""
    import pathlib
    import re

    path = pathlib.Path(access_matrix.__file__)
    body = "".join(f'    "{row}": "{_shortest(rows[row])}",\n' for row in sorted(rows))
    text = re.sub(
        rf"^{section}: dict\[str, str\] = \{{(?:\}}|\n.*?^\}})\n",
        lambda _match: f"{section}: dict[str, str] = {{\n{body}}}\n",
        path.read_text(),
        flags=re.DOTALL | re.MULTILINE,
    )
    path.write_text(text)
