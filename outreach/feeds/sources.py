"""Outreach's calendar items: major events (blackout days) and presentation requests.

- `MajorEventSource`: the built-in major events computed for every year the rules look at
  (the same `built_in_major_events` the rules read), plus those staff entered or imported.
- `RequestSource`: one item per request. The requester's own copy names their specialist;
  a staff copy adds the requester's contact details and the special resources it holds.
- `ResourceRequestSource`: for coordinators, the requests that hold special resources, one
  item each with the resources inside, `TENTATIVE` until everything is settled.
Staff items carry contact details, so they only appear in feeds served
`Cache-Control: private`.
"""

import datetime
from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from outreach.models import MajorEvent, PresentationRequest, RequestPolicy, ResourceBooking
from outreach.rules.blackouts import built_in_major_events
from pasadena_pd.ical import CalendarItem, make_uid
from pasadena_pd.ical_feed import ItemSource, PageUrls, admin_urls, join_lines, was_ever

# Computed (built-in) days are shown this many years past the last bookable day.
BUILT_IN_YEARS_AHEAD = 2
# MajorEvent has no SEQUENCE column: its sequence is the seconds between this origin and
# its last change, which grows with every change (RFC 5545 asks only that it never goes
# down, and that it goes up when the time changes); it fits SEQUENCE's integer until 2093.
MAJOR_EVENT_SEQUENCE_ORIGIN = datetime.datetime(2025, 1, 1, tzinfo=datetime.UTC)


def built_in_key(key: str) -> str:
    return f"builtin-{key}"


class MajorEventSource(ItemSource):
    """Major events as all-day items: the computed built-in days of the whole bookable
    range and the next years, and the stored ones (staff, imports)."""

    kind = "major-event"

    def queryset(self):
        # Built-in rows are stored only to give each day its UID (and for staff to see);
        # their days and names are computed, as the rules compute them.
        return MajorEvent.objects.filter(
            end_date__gte=self.first_day,
            source__in=[MajorEvent.Source.STAFF, MajorEvent.Source.IMPORTED],
        )

    @property
    def first_day(self) -> datetime.date:
        return self.context.window_start.date()

    def fingerprint_parts(self):
        # The policy row: its advance limit sets how far the computed days go.
        policy = RequestPolicy.objects.filter(pk=1)
        return [(self.queryset(), "updated_at"), (policy, "updated_at")]

    def built_ins(self):
        policy = RequestPolicy.objects.filter(pk=1).values_list("max_advance_days", flat=True)
        advance = policy.first() or RequestPolicy().max_advance_days
        last_year = (self.context.today + datetime.timedelta(days=advance)).year
        return [
            event
            for year in range(self.first_day.year, last_year + BUILT_IN_YEARS_AHEAD + 1)
            for event in built_in_major_events(year)
            if event.date >= self.first_day
        ]

    def built_in_uids(self, events) -> dict:
        """external UID -> stored UUID of each built-in day; rows are added for days that
        have none yet (one insert, only then), so a day's UID never changes."""
        keys = [built_in_key(event.key) for event in events]
        stored = MajorEvent.objects.filter(external_uid__in=keys).values_list("external_uid", "uid")
        uids = dict(stored)
        missing = [event for event in events if built_in_key(event.key) not in uids]
        if missing:
            MajorEvent.objects.bulk_create(
                [
                    MajorEvent(
                        external_uid=built_in_key(event.key),
                        name=event.name,
                        start_date=event.date,
                        end_date=event.date,
                        source=MajorEvent.Source.BUILT_IN,
                    )
                    for event in missing
                ],
                ignore_conflicts=True,
            )
            uids = dict(stored.all())
        return uids

    def version_rows(self):
        self._built_ins = {built_in_key(event.key): event for event in self.built_ins()}
        uids = self.built_in_uids(list(self._built_ins.values()))
        rows = [
            (key, uids[key], f"{event.date}|{event.name}") for key, event in self._built_ins.items()
        ]
        stored = self.queryset().values_list("pk", "uid", "updated_at")
        rows += [(pk, uid, updated.isoformat()) for pk, uid, updated in stored]
        self._uids = {key: uid for key, uid, _version in rows}
        return rows

    def items(self, refs):
        url = self.context.absolute(reverse("calendar:index"))
        stored = [ref for ref in refs if not isinstance(ref, str)]
        items = {
            event.pk: self.item(
                uid=event.uid,
                name=event.name,
                first_day=event.start_date,
                last_day=event.end_date,
                changed=event.updated_at,
                notes=event.public_note,
                url=url,
            )
            for event in self.rows(stored, self.queryset())
        }
        for ref in refs:
            if isinstance(ref, str):
                event = self._built_ins[ref]
                items[ref] = self.item(
                    uid=self._uids[ref],
                    name=event.name,
                    first_day=event.date,
                    last_day=event.date,
                    changed=MAJOR_EVENT_SEQUENCE_ORIGIN,
                    notes="",
                    url=url,
                )
        return items

    def item(self, *, uid, name, first_day, last_day, changed, notes, url) -> CalendarItem:
        seconds = (changed - MAJOR_EVENT_SEQUENCE_ORIGIN).total_seconds()
        return CalendarItem.all_day(
            first_day=first_day,
            last_day=last_day,
            uid=make_uid("major-event", uid),
            sequence=max(0, int(seconds)),
            last_modified=changed,
            summary=name,
            description=join_lines(
                _(
                    "A major city event: officers are committed to it, so no presentations "
                    "are scheduled on this day."
                ),
                notes,
            ),
            url=url,
            categories=(_("Major event"),),
            transparent=True,
        )


def local_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


def scheduled_requests(today_start):
    """Scheduled (or done), or cancelled after being scheduled and not yet past."""
    status = PresentationRequest.Status
    return Q(status__in=[status.SCHEDULED, status.COMPLETED]) | Q(
        Q(status=status.CANCELLED)
        & was_ever(PresentationRequest, status.SCHEDULED)
        & Q(date__gte=today_start.date())
    )


def resource_lines(bookings) -> list[str]:
    return [
        _("%(resource)s #%(unit)s: %(state)s")
        % {"resource": b.resource, "unit": b.unit_number, "state": b.get_state_display()}
        for b in bookings
    ]


class RequestSource(ItemSource):
    """Scheduled presentation and event requests, one item each.

    `for_staff` adds the requester's contact details and the special resources held
    (private staff feeds); otherwise the item is the requester's own copy.
    """

    kind = "request"

    def __init__(self, context, *, for_staff: bool, areas=None, pk=None):
        super().__init__(context)
        self.for_staff = for_staff
        self.areas = areas  # None: every area
        self.pk = pk
        if for_staff:
            self.kind = "request-staff"

    def queryset(self):
        requests = PresentationRequest.objects.filter(scheduled_requests(self.context.today_start))
        if self.pk is not None:
            return requests.filter(pk=self.pk)
        requests = requests.filter(date__gte=self.context.window_start.date())
        if self.areas is not None:
            requests = requests.filter(area__in=self.areas)
        return requests

    def fingerprint_parts(self):
        parts = [(self.queryset(), "updated_at")]
        if self.for_staff:
            bookings = ResourceBooking.objects.filter(request__in=self.queryset().values("pk"))
            parts.append((bookings, "updated_at"))
        return parts

    def version_rows(self):
        rows = self.queryset().annotate(
            bookings_updated=Max("bookings__updated_at"), booking_count=Count("bookings")
        )
        return [
            (pk, uid, f"{sequence}|{updated.isoformat()}|{bookings}|{count}")
            for pk, uid, sequence, updated, bookings, count in rows.values_list(
                "pk", "uid", "sequence", "updated_at", "bookings_updated", "booking_count"
            )
        ]

    def bookings_of(self, pks) -> dict:
        bookings = defaultdict(list)
        for booking in ResourceBooking.objects.filter(request__in=pks).select_related("resource"):
            bookings[booking.request_id].append(booking)
        return bookings

    def items(self, pks):
        if self.for_staff:
            self.urls = admin_urls(self.context, PresentationRequest)
            bookings = self.bookings_of(pks)
        else:
            self.urls = PageUrls(
                self.context, "outreach:request_status", "outreach:areas", kwarg="token"
            )
            bookings = {}
        requests = self.rows(pks, self.queryset().select_related("area__specialist", "specialist"))
        return {
            request.pk: self.item(request, bookings.get(request.pk, [])) for request in requests
        }

    def item(self, request, bookings) -> CalendarItem:
        cancelled = request.status == PresentationRequest.Status.CANCELLED
        specialist = request.specialist or getattr(request.area, "specialist", None)
        active = [booking for booking in bookings if booking.is_active]
        if self.for_staff:
            contact = ", ".join(
                part
                for part in (request.contact_name, request.contact_phone, request.contact_email)
                if part
            )
            description = join_lines(
                request.get_kind_display(),
                request.organization,
                _("Area: %(area)s") % {"area": request.area},
                _("Contact: %(contact)s") % {"contact": contact},
                _("Expected attendance: %(count)s") % {"count": request.expected_attendance},
                *resource_lines(bookings),
                request.notes,
            )
            url = self.urls(request.pk)
        else:
            contact = (
                ", ".join(part for part in (specialist.name, specialist.phone) if part)
                if specialist
                else ""
            )
            description = join_lines(
                request.get_kind_display(),
                _("Your Neighborhood Police Specialist: %(contact)s") % {"contact": contact}
                if contact
                else "",
            )
            url = self.urls(request.token)
        summary = request.title
        if cancelled:
            summary = _("Cancelled: %(title)s") % {"title": request.title}
        pending = ResourceBooking.State.PENDING_PREPLANNING
        return CalendarItem(
            uid=make_uid("request", request.uid),
            sequence=request.sequence,
            last_modified=max([request.updated_at, *(b.updated_at for b in bookings)]),
            summary=summary,
            start=local_moment(request.date, request.start_time),
            end=local_moment(request.date, request.end_time),
            description=description,
            location=request.location,
            url=url,
            cancelled=cancelled,
            # Scheduled, but a special resource is still being planned.
            tentative=any(booking.state == pending for booking in active),
            categories=(str(request.get_kind_display()),),
            contact=contact,
            private=True,
        )


class ResourceRequestSource(ItemSource):
    """Requests holding special resources, for those who plan them (coordinators): one item
    per request with its resources inside, without the requester's contact details.

    `TENTATIVE` while the request is not scheduled (nobody may have reviewed it yet) or a
    resource is pending pre-planning; cancelled (until past) once it holds none.
    `shown_elsewhere` is the Q of requests the same feed already shows as `RequestSource`
    items, left out here so that a request is never two items.
    """

    kind = "request-resources"

    def __init__(self, context, *, shown_elsewhere: Q | None = None):
        super().__init__(context)
        self.shown_elsewhere = shown_elsewhere

    def queryset(self):
        window = self.context.window_start
        bookings = ResourceBooking.objects.filter(request=OuterRef("pk"))
        live = bookings.filter(
            Q(state__in=ResourceBooking.ACTIVE_STATES, window__endswith__gte=window)
            | Q(window__endswith__gte=self.context.today_start)
        )
        requests = PresentationRequest.objects.filter(Exists(live))
        if self.shown_elsewhere is not None:
            requests = requests.exclude(self.shown_elsewhere)
        return requests

    def fingerprint_parts(self):
        bookings = ResourceBooking.objects.filter(request__in=self.queryset().values("pk"))
        return [(self.queryset(), "updated_at"), (bookings, "updated_at")]

    version_rows = RequestSource.version_rows
    bookings_of = RequestSource.bookings_of

    def items(self, pks):
        self.urls = admin_urls(self.context, PresentationRequest)
        bookings = self.bookings_of(pks)
        requests = self.rows(pks, self.queryset().select_related("area"))
        return {request.pk: self.item(request, bookings[request.pk]) for request in requests}

    def item(self, request, bookings) -> CalendarItem:
        status = PresentationRequest.Status
        active = [booking for booking in bookings if booking.is_active]
        settled = request.status in (status.SCHEDULED, status.COMPLETED) and all(
            booking.state == ResourceBooking.State.CONFIRMED for booking in active
        )
        cancelled = not active or request.status in (status.CANCELLED, status.DECLINED)
        summary = _("Special resources: %(title)s") % {"title": request.title}
        if cancelled:
            summary = _("Cancelled: %(title)s") % {"title": summary}
        return CalendarItem(
            uid=make_uid("request", request.uid),
            sequence=request.sequence,
            last_modified=max([request.updated_at, *(b.updated_at for b in bookings)]),
            summary=summary,
            start=local_moment(request.date, request.start_time),
            end=local_moment(request.date, request.end_time),
            description=join_lines(
                _("Request: %(status)s") % {"status": request.get_status_display()},
                _("Area: %(area)s") % {"area": request.area},
                *resource_lines(bookings),
            ),
            location=request.location,
            url=self.urls(request.pk),
            cancelled=cancelled,
            tentative=not settled,
            categories=tuple(dict.fromkeys(str(b.resource) for b in active)),
            private=True,
        )
