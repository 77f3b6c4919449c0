"""Calendar feed views: thin, each names its calendar and its sources (each app's
`feeds/sources.py`). A requester's own calendar is outreach's (outreach.feeds.views).

Public feeds hold public fields only. Private staff feeds hold personal details: they are
sent `Cache-Control: private, no-cache` (see docs/calendar-feeds.md for why not
`no-store`). Feeds are read-only: other methods answer 405, CSRF check or not.
"""

import datetime

import rules
from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import Exists, OuterRef, Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from django_otp.plugins.otp_totp.models import TOTPDevice

from events.feeds.scope import private_feed_scope
from events.feeds.sources import BlockPartySource, EventSource
from events.models import Event
from outreach.feeds.sources import (
    MajorEventSource,
    RequestSource,
    ResourceRequestSource,
    scheduled_requests,
)
from outreach.models import Area
from pasadena_pd.ical_feed import FeedContext, feed_meta, feed_view, page_path, serve_feed
from pasadena_pd.models import CalendarFeedToken
from pasadena_pd.permissions import can, has_verified_device

PRIVATE_REFRESH = datetime.timedelta(minutes=15)


@feed_view
def events_feed(request):
    context = FeedContext.from_request(request)
    meta = feed_meta(
        request,
        context,
        key="events",
        name=_("Pasadena Police community events"),
        description=_("Community events of the Pasadena Police Department."),
        page_path=reverse("events:list"),
    )
    return serve_feed(request, meta=meta, sources=[EventSource(context)], private=False)


@feed_view
def area_feed(request, slug):
    area = get_object_or_404(Area, slug=slug)
    context = FeedContext.from_request(request)
    meta = feed_meta(
        request,
        context,
        key=f"area-{area.slug}",
        name=_("Pasadena Police events: %(area)s") % {"area": area.name},
        description=_("Community events in the %(area)s Community Services Area.")
        % {"area": area.name},
        page_path=reverse("outreach:areas"),
    )
    return serve_feed(request, meta=meta, sources=[EventSource(context, area=area)], private=False)


@feed_view
def major_events_feed(request):
    context = FeedContext.from_request(request)
    meta = feed_meta(
        request,
        context,
        key="major-events",
        name=_("Pasadena major events"),
        description=_(
            "Days of major city events, when officers are committed and no presentations "
            "are scheduled."
        ),
        page_path=reverse("calendar:index"),
    )
    return serve_feed(request, meta=meta, sources=[MajorEventSource(context)], private=False)


@feed_view
def event_feed(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    context = FeedContext.from_request(request)
    meta = feed_meta(
        request,
        context,
        key=f"event-{event.slug}",
        name=event.title,
        description=_("Pasadena Police community event"),
        page_path=page_path(event, "events:list"),
    )
    return serve_feed(
        request, meta=meta, sources=[EventSource(context, event=event)], private=False
    )


def _active_token(token: str) -> CalendarFeedToken:
    """The active token with its user, area, role names and whether the user still holds an
    authenticator app, in one query; else 404."""
    roles = ArraySubquery(Group.objects.filter(user=OuterRef("user_id")).values("name"))
    authenticator = TOTPDevice.objects.filter(user=OuterRef("user_id"), confirmed=True)
    found = (
        CalendarFeedToken.objects.active()
        .filter(token=token, user__is_active=True)
        .select_related("user", "user__specialist")
        .annotate(role_names=roles, has_authenticator=Exists(authenticator))
        .first()
    )
    if found is None:
        raise Http404(_("No calendar feed at this address."))
    return found


def _feed_reader(feed_token: CalendarFeedToken):
    """The owner as the rules see them reading the feed: their roles as loaded above, and
    "verified" while they hold an authenticator app (the secret address is the session)."""
    reader = feed_token.user
    reader._role_names = frozenset(feed_token.role_names or ())
    reader.is_verified = lambda: feed_token.has_authenticator
    return reader


def _opens(user, action: str) -> bool:
    # outreach/permissions.py names the outreach actions (issue 13, landing in parallel);
    # until it is on main, the second factor alone stands in for its rules.
    if not rules.perm_exists(action):
        return bool(has_verified_device(user))
    return can(user, action)


@feed_view
def private_feed(request, token):
    feed_token = _active_token(token)
    user = _feed_reader(feed_token)
    if not can(user, "pasadena_pd.read_private_feed", feed_token):
        raise Http404(_("No calendar feed at this address."))
    specialist = getattr(user, "specialist", None)
    scope = private_feed_scope(
        is_superuser=user.is_superuser,
        roles=set(feed_token.role_names or ()),
        specialist_area_id=specialist.area_id if specialist else None,
        sees_requests=_opens(user, "outreach.view_requests"),
        sees_block_parties=_opens(user, "events.view_block_parties"),
        sees_bookings=_opens(user, "outreach.view_bookings"),
    )
    if scope.shows_nothing:
        # No role that opens any of these records any more: as if the address never was.
        raise Http404(_("No calendar feed at this address."))
    context = FeedContext.from_request(request)
    sources = []
    shown = None
    if scope.shows_requests:
        sources.append(RequestSource(context, for_staff=True, areas=scope.request_areas))
        shown = scheduled_requests(context.today_start)
        if scope.request_areas is not None:
            shown &= Q(area__in=scope.request_areas)
    if scope.shows_block_parties:
        sources.append(BlockPartySource(context, areas=scope.block_party_areas))
    if scope.bookings:
        # One item per request: those already shown above carry their resources inside.
        sources.append(ResourceRequestSource(context, shown_elsewhere=shown))
    meta = feed_meta(
        request,
        context,
        key=f"private-{feed_token.pk}",
        name=_("Community Services work: %(name)s")
        % {"name": user.get_full_name() or user.get_username()},
        description=_("Private: scheduled work of the Community Services Section."),
        page_path=reverse("admin:index"),
        refresh=PRIVATE_REFRESH,
    )
    return serve_feed(request, meta=meta, sources=sources, private=True)


class CalendarIndexView(TemplateView):
    """The public calendars one can subscribe to, with their addresses."""

    template_name = "calendar/index.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(areas=Area.objects.all(), **kwargs)
