"""Calendar feed views: thin, each names its calendar and its sources (events.feed_sources).

Public feeds hold public fields only. Private staff feeds and a requester's own calendar
hold personal details: they are sent `Cache-Control: private, no-cache` (see
docs/calendar-feeds.md for why not `no-store`).
"""

import datetime

from django.contrib.auth.models import Group
from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from events.feed_scope import private_feed_scope
from events.feed_sources import EventSource, MajorEventSource, page_path
from events.feed_sources_staff import BlockPartySource, RequestSource, ResourceBookingSource
from events.models import Event
from outreach.models import Area, PresentationRequest
from pasadena_pd.ical import CalendarMeta
from pasadena_pd.ical_feed import FeedContext, serve_feed
from pasadena_pd.models import CalendarFeedToken

PUBLIC_REFRESH = datetime.timedelta(hours=1)
PRIVATE_REFRESH = datetime.timedelta(minutes=15)


def _meta(request, context, *, key, name, description, page_path, refresh=PUBLIC_REFRESH):
    return CalendarMeta(
        key=key,
        name=name,
        description=description,
        page_url=context.absolute(page_path),
        source_url=context.absolute(request.path),
        refresh=refresh,
    )


@require_safe
def events_feed(request):
    context = FeedContext.from_request(request)
    meta = _meta(
        request,
        context,
        key="events",
        name=_("Pasadena Police community events"),
        description=_("Community events of the Pasadena Police Department."),
        page_path=reverse("events:list"),
    )
    return serve_feed(request, meta=meta, sources=[EventSource(context)], private=False)


@require_safe
def area_feed(request, slug):
    area = get_object_or_404(Area, slug=slug)
    context = FeedContext.from_request(request)
    meta = _meta(
        request,
        context,
        key=f"area-{area.slug}",
        name=_("Pasadena Police events: %(area)s") % {"area": area.name},
        description=_("Community events in the %(area)s Community Services Area.")
        % {"area": area.name},
        page_path=reverse("outreach:areas"),
    )
    return serve_feed(request, meta=meta, sources=[EventSource(context, area=area)], private=False)


@require_safe
def major_events_feed(request):
    context = FeedContext.from_request(request)
    meta = _meta(
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


@require_safe
def event_feed(request, slug):
    event = get_object_or_404(Event.objects.published(), slug=slug)
    context = FeedContext.from_request(request)
    meta = _meta(
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


@require_safe
def request_feed(request, token):
    """The requester's own calendar of their request, once it has been scheduled."""
    context = FeedContext.from_request(request)
    visible = RequestSource.visible(PresentationRequest.objects.all(), context.today_start)
    presentation = get_object_or_404(visible.only("pk", "title", "token"), token=token)
    meta = _meta(
        request,
        context,
        key=f"request-{presentation.pk}",
        name=presentation.title,
        description=_("Your request to the Pasadena Police Community Services Section"),
        page_path=page_path(presentation, "outreach:areas"),
    )
    source = RequestSource(context, for_staff=False, pk=presentation.pk)
    return serve_feed(request, meta=meta, sources=[source], private=True)


def _active_token(token: str) -> CalendarFeedToken:
    """The active token with its user, area and role names, in one query; else 404."""
    roles = ArraySubquery(Group.objects.filter(user=OuterRef("user_id")).values("name"))
    found = (
        CalendarFeedToken.objects.active()
        .filter(token=token, user__is_active=True)
        .select_related("user", "user__specialist")
        .annotate(role_names=roles)
        .first()
    )
    if found is None:
        raise Http404(_("No calendar feed at this address."))
    return found


@require_safe
def private_feed(request, token):
    feed_token = _active_token(token)
    user = feed_token.user
    specialist = getattr(user, "specialist", None)
    scope = private_feed_scope(
        is_superuser=user.is_superuser,
        roles=set(feed_token.role_names or ()),
        specialist_area_id=specialist.area_id if specialist else None,
    )
    context = FeedContext.from_request(request)
    sources = []
    if scope.shows_requests:
        sources.append(RequestSource(context, for_staff=True, areas=scope.request_areas))
    if scope.shows_block_parties:
        sources.append(BlockPartySource(context, areas=scope.block_party_areas))
    if scope.bookings:
        sources.append(ResourceBookingSource(context))
    meta = _meta(
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
