"""What each public calendar feed holds: one `ItemSource` per kind of item.

Each source says which rows a feed shows (its window), which state of a row its cached
bytes must match (`version_rows`), and how rows become `CalendarItem`s. Cancelled items
stay, marked STATUS:CANCELLED, until they are past, so that subscribed calendars drop them.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from events.models import Event, EventSession
from outreach.models import MajorEvent
from pasadena_pd.ical import CalendarItem, make_uid
from pasadena_pd.ical_feed import BULK_LOAD, ItemSource
from pasadena_pd.ical_series import Session, weekly_series
from pasadena_pd.models import StateChange

# MajorEvent has no SEQUENCE column: its sequence is the seconds between this origin and
# its last change, which grows with every change (RFC 5545 asks only that it never goes
# down, and that it goes up when the time changes); it fits SEQUENCE's integer until 2093.
MAJOR_EVENT_SEQUENCE_ORIGIN = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def page_path(obj, fallback: str) -> str:
    """The path of an item's page, or of `fallback` while its app serves no such page."""
    try:
        return obj.get_absolute_url()
    except NoReverseMatch:
        return reverse(fallback)


class PageUrls:
    """Absolute page addresses for many items from one `reverse`: reversing per item was a
    tenth of a cold 5,000-event build. Mirrors the model's `get_absolute_url`."""

    PLACEHOLDER = "__key__"

    def __init__(self, context, name: str, fallback: str, *, kwarg: str | None = None):
        self.context = context
        try:
            if kwarg:
                template = reverse(name, kwargs={kwarg: self.PLACEHOLDER})
            else:
                template = reverse(name, args=[self.PLACEHOLDER])
        except NoReverseMatch:  # the page's app does not serve it (yet)
            template = reverse(fallback)
        self.template = context.absolute(template)

    def __call__(self, key) -> str:
        return self.template.replace(self.PLACEHOLDER, str(key))


def admin_urls(context, model) -> PageUrls:
    """Where staff open an item: its admin change page (or the admin index)."""
    meta = model._meta
    return PageUrls(context, f"admin:{meta.app_label}_{meta.model_name}_change", "admin:index")


def join_lines(*lines: str) -> str:
    return "\n".join(line for line in lines if line)


def was_ever(model_label: tuple[str, str], state: str):
    """Has the row (OuterRef pk) ever been in `state`? A subquery over its history."""
    app_label, model_name = model_label
    return Exists(
        StateChange.objects.filter(
            content_type__app_label=app_label,
            content_type__model=model_name,
            object_id=OuterRef("pk"),
            to_state=state,
        )
    )


def kind_label(kind: str) -> str:
    return str(Event.Kind(kind).label)


class EventSource(ItemSource):
    """Published community events; the Academy as one weekly series."""

    kind = "event"

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
        rows = (
            self.queryset()
            .order_by("starts_at", "pk")
            .annotate(sessions_updated=Max("sessions__updated_at"), session_count=Count("sessions"))
            .values_list("pk", "uid", "sequence", "updated_at", "sessions_updated", "session_count")
        )
        return [
            (pk, uid, f"{sequence}|{updated.isoformat()}|{sessions_updated}|{session_count}")
            for pk, uid, sequence, updated, sessions_updated, session_count in rows
        ]

    def items(self, pks):
        self.urls = PageUrls(self.context, "events:detail", "events:list", kwarg="slug")
        events = self.rows(pks, self.queryset())
        # Their sessions in one query; for many events through a subquery of the window (a
        # prefetch would send one parameter per event).
        sessions = defaultdict(list)
        wanted = pks if len(pks) <= BULK_LOAD else self.queryset().values("pk")
        for session in EventSession.objects.filter(event__in=wanted).order_by("starts_at"):
            sessions[session.event_id].append(
                Session(start=session.starts_at, end=session.ends_at, location=session.location)
            )
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
            "categories": (kind_label(event.kind),),
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


class MajorEventSource(ItemSource):
    """Major events (blackout days) as all-day items."""

    kind = "major-event"

    def queryset(self):
        return MajorEvent.objects.filter(
            end_date__gte=self.context.today - datetime.timedelta(days=90)
        )

    def version_rows(self):
        rows = self.queryset().values_list("pk", "external_uid", "updated_at")
        return [(pk, external or pk, updated.isoformat()) for pk, external, updated in rows]

    def items(self, pks):
        self.url = self.context.absolute(reverse("calendar:index"))
        return {event.pk: self.item(event) for event in self.rows(pks, self.queryset())}

    def item(self, event) -> CalendarItem:
        seconds = (event.updated_at - MAJOR_EVENT_SEQUENCE_ORIGIN).total_seconds()
        return CalendarItem.all_day(
            first_day=event.start_date,
            last_day=event.end_date,
            uid=make_uid("major-event", event.external_uid or event.pk),
            sequence=max(0, int(seconds)),
            last_modified=event.updated_at,
            summary=event.name,
            description=join_lines(
                _(
                    "A major city event: officers are committed to it, so no presentations "
                    "are scheduled on this day."
                ),
                event.notes,
            ),
            url=self.url,
            categories=(_("Major event"),),
            transparent=True,
        )
