"""The events app's calendar items: published events (public feeds) and approved block
parties (private staff feeds), one `ItemSource` each.

Each source says which rows a feed shows (its window), which state of a row its cached
bytes must match (`version_rows`), and how rows become `CalendarItem`s. Cancelled items
stay, marked STATUS:CANCELLED, until they are past, so that subscribed calendars drop them.
"""

from collections import defaultdict

from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from events.feeds.series import Session, weekly_series
from events.models import BlockParty, Event, EventSession
from pasadena_pd.ical import CalendarItem, make_uid
from pasadena_pd.ical_feed import (
    BULK_LOAD,
    ItemSource,
    PageUrls,
    admin_urls,
    join_lines,
    versions,
    was_ever,
)


class EventSource(ItemSource):
    """Published community events; the Academy as one weekly series."""

    kind = "event"
    # What an item says (a cold build loads 5,000 rows: not the registration settings).
    ITEM_FIELDS = (
        *("uid", "sequence", "updated_at", "slug", "kind", "title", "description"),
        *("directions", "starts_at", "ends_at", "venue", "address", "status"),
        *("cancellation_reason", "join_url", "webinar_id", "listen_only_phone"),
    )

    def __init__(self, context, *, area=None, event=None):
        super().__init__(context)
        self.area = area
        self.event = event

    def queryset(self):
        events = Event.objects.published()
        if self.event is not None:
            return events.filter(pk=self.event.pk)
        events = events.filter(ends_at__gte=self.context.window_start).filter(
            ~Q(status=Event.Status.CANCELLED) | Q(ends_at__gte=self.context.today_start)
        )
        if self.area is not None:
            events = events.filter(area=self.area)
        return events

    def fingerprint_parts(self):
        events = self.queryset()
        sessions = EventSession.objects.filter(event__in=events.values("pk"))
        return [(events, "updated_at"), (sessions, "updated_at")]

    def version_rows(self):
        events = self.queryset().order_by("starts_at", "pk")
        sessions = (Max("sessions__updated_at"), Count("sessions"))
        return list(versions(events, "sequence", "updated_at", *sessions))

    def items(self, pks):
        self.urls = PageUrls(self.context, "events:detail", "events:list", kwarg="slug")
        events = self.rows(pks, self.queryset().only(*self.ITEM_FIELDS))
        # Their sessions in one query; for many events through a subquery of the window (a
        # prefetch would send one parameter per event).
        sessions = defaultdict(list)
        wanted = pks if len(pks) <= BULK_LOAD else self.queryset().values("pk")
        for session in EventSession.objects.filter(event__in=wanted).order_by("starts_at"):
            sessions[session.event_id].append(
                Session(start=session.starts_at, end=session.ends_at, location=session.location)
            )
        self.kind_labels = {kind.value: str(kind.label) for kind in Event.Kind}
        return {event.pk: self.item(event, sessions[event.pk]) for event in events}

    def item(self, event, sessions: list[Session]) -> CalendarItem:
        place = ", ".join(part for part in (event.venue, event.address) if part)
        if not place and event.is_online:
            place = _("Online")
        summary = event.title
        description = join_lines(event.description, event.directions)
        if event.cancelled:
            summary = _("Cancelled: %(title)s") % {"title": event.title}
            description = join_lines(event.cancellation_reason, description)
        common = {
            "uid": make_uid("event", event.uid),
            "sequence": event.sequence,
            "last_modified": event.updated_at,
            "summary": summary,
            "description": description,
            "location": place,
            "url": self.urls(event.slug),
            "cancelled": event.cancelled,
            "categories": (self.kind_labels[event.kind],),
        }
        series = weekly_series(sessions, location=place)
        if series is None:
            start, end = event.starts_at, event.ends_at
            if len(sessions) == 1:
                start, end = sessions[0].start, sessions[0].end
            return CalendarItem(start=start, end=end, **common)
        return CalendarItem(
            start=series.start,
            end=series.end,
            weekly_count=series.count,
            excluded=series.excluded,
            extra_dates=series.extra,
            overrides=series.overrides,
            **common,
        )


class BlockPartySource(ItemSource):
    """Approved National Night Out block parties, with the host's contact details."""

    kind = "block-party"

    def __init__(self, context, *, areas=None):
        super().__init__(context)
        self.areas = areas

    def queryset(self):
        status = BlockParty.Status
        parties = BlockParty.objects.filter(date__gte=self.context.window_start.date()).filter(
            Q(status=status.APPROVED)
            | Q(
                Q(status__in=[status.CANCELLED, status.DECLINED])
                & was_ever(BlockParty, status.APPROVED)
                & Q(ends_at__gte=self.context.today_start)
            )
        )
        if self.areas is not None:
            parties = parties.filter(area__in=self.areas)
        return parties

    def items(self, pks):
        self.urls = admin_urls(self.context, BlockParty)
        parties = self.rows(pks, self.queryset().select_related("area"))
        return {party.pk: self.item(party) for party in parties}

    def item(self, party) -> CalendarItem:
        cancelled = party.status != BlockParty.Status.APPROVED
        contact = ", ".join(part for part in (party.host_name, party.host_phone, party.host_email))
        wishes = [
            label
            for wanted, label in (
                (party.wants_officer_visit, _("officer visit")),
                (party.wants_fire_engine, _("fire engine visit")),
                (party.wants_bicycle_registration, _("bicycle registration table")),
            )
            if wanted
        ]
        summary = _("Block party: %(street)s") % {"street": party.street_name}
        if cancelled:
            summary = _("Cancelled: %(title)s") % {"title": summary}
        return CalendarItem(
            uid=make_uid("block-party", party.uid),
            sequence=party.sequence,
            last_modified=party.updated_at,
            summary=summary,
            start=party.starts_at,
            end=party.ends_at,
            description=join_lines(
                _("Area: %(area)s") % {"area": party.area},
                _("Host: %(contact)s") % {"contact": contact},
                _("Expected attendance: %(count)s") % {"count": party.expected_attendance},
                _("Asks for: %(wishes)s") % {"wishes": ", ".join(wishes)} if wishes else "",
                party.notes,
            ),
            location=party.street_address,
            url=self.urls(party.pk),
            cancelled=cancelled,
            categories=(_("Block party"),),
            contact=contact,
            private=True,
        )
