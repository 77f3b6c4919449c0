"""Staff calendar items (private feeds, and a requester's own calendar): scheduled
requests, approved block parties, special-resource bookings. They carry contact details,
so they only ever appear in feeds served `Cache-Control: private` (events.feeds).
"""

import datetime

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from events.feed_sources import PageUrls, admin_urls, join_lines, was_ever
from events.models import BlockParty
from outreach.models import PresentationRequest, ResourceBooking
from pasadena_pd.ical import CalendarItem, make_uid
from pasadena_pd.ical_feed import ItemSource


def local_moment(day: datetime.date, time: datetime.time) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, time))


class RequestSource(ItemSource):
    """Scheduled presentation and event requests.

    `for_staff` adds the requester's contact details (private staff feeds); otherwise the
    item is the requester's own copy, with their specialist as the contact.
    """

    kind = "request"
    LISTED = [PresentationRequest.Status.SCHEDULED, PresentationRequest.Status.COMPLETED]

    def __init__(self, context, *, for_staff: bool, areas=None, pk=None):
        super().__init__(context)
        self.for_staff = for_staff
        self.areas = areas  # None: every area
        self.pk = pk
        if for_staff:
            self.kind = "request-staff"

    @classmethod
    def visible(cls, requests, today_start):
        """Scheduled (or done), or cancelled after being scheduled and not yet past."""
        cancelled = PresentationRequest.Status.CANCELLED
        return requests.filter(
            Q(status__in=cls.LISTED)
            | Q(
                Q(status=cancelled)
                & was_ever(("outreach", "presentationrequest"), "scheduled")
                & Q(date__gte=today_start.date())
            )
        )

    def queryset(self):
        requests = self.visible(PresentationRequest.objects.all(), self.context.today_start)
        if self.pk is not None:
            return requests.filter(pk=self.pk)
        requests = requests.filter(date__gte=self.context.window_start.date())
        if self.areas is not None:
            requests = requests.filter(area__in=self.areas)
        return requests

    def items(self, pks):
        if self.for_staff:
            self.urls = admin_urls(self.context, PresentationRequest)
        else:
            self.urls = PageUrls(
                self.context, "outreach:request_status", "outreach:areas", kwarg="token"
            )
        requests = self.rows(pks, self.queryset().select_related("area__specialist", "specialist"))
        return {request.pk: self.item(request) for request in requests}

    def item(self, request) -> CalendarItem:
        cancelled = request.status == PresentationRequest.Status.CANCELLED
        specialist = request.specialist or getattr(request.area, "specialist", None)
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
        return CalendarItem(
            uid=make_uid("request", request.uid),
            sequence=request.sequence,
            last_modified=request.updated_at,
            summary=summary,
            start=local_moment(request.date, request.start_time),
            end=local_moment(request.date, request.end_time),
            description=description,
            location=request.location,
            url=url,
            cancelled=cancelled,
            categories=(str(request.get_kind_display()),),
            contact=contact,
            private=True,
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
                & was_ever(("events", "blockparty"), status.APPROVED)
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


class ResourceBookingSource(ItemSource):
    """Special-resource bookings (K-9, Mobile Substation...), for coordinators."""

    kind = "resource-booking"
    updated_field = "updated_at"

    def queryset(self):
        active = ResourceBooking.ACTIVE_STATES
        return ResourceBooking.objects.filter(
            window__endswith__gte=self.context.window_start
        ).filter(Q(state__in=active) | Q(window__endswith__gte=self.context.today_start))

    def fingerprint_parts(self):
        bookings = self.queryset()
        # The item shows its request's title and place: follow the request's changes too.
        return [(bookings, "updated_at"), (bookings, "request__updated_at")]

    def version_rows(self):
        rows = self.queryset().values_list(
            "pk", "request__sequence", "updated_at", "request__updated_at"
        )
        return [
            (pk, pk, f"{sequence}|{updated.isoformat()}|{request_updated.isoformat()}")
            for pk, sequence, updated, request_updated in rows
        ]

    def items(self, pks):
        self.urls = admin_urls(self.context, ResourceBooking)
        bookings = self.rows(
            pks, self.queryset().select_related("resource", "request", "request__area")
        )
        return {booking.pk: self.item(booking) for booking in bookings}

    def item(self, booking) -> CalendarItem:
        request = booking.request
        released = booking.state == ResourceBooking.State.RELEASED
        summary = _("%(resource)s #%(unit)s: %(title)s") % {
            "resource": booking.resource,
            "unit": booking.unit_number,
            "title": request.title,
        }
        if released:
            summary = _("Cancelled: %(title)s") % {"title": summary}
        return CalendarItem(
            uid=make_uid("resource-booking", booking.pk),
            # The window follows the request's time: its SEQUENCE grows with the request's.
            sequence=request.sequence,
            last_modified=max(booking.updated_at, request.updated_at),
            summary=summary,
            start=booking.window.lower,
            end=booking.window.upper,
            description=join_lines(
                booking.get_state_display(),
                _("Area: %(area)s") % {"area": request.area},
                _("Request: %(title)s") % {"title": request.title},
            ),
            location=request.location,
            url=self.urls(booking.pk),
            cancelled=released,
            categories=(str(booking.resource),),
            private=True,
        )
