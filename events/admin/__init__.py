"""Staff side of events: events with their sessions, and National Night Out dates.

Registrations and block parties are in events/admin/people.py. Every page and action asks
events.permissions by name (pasadena_pd.access.RulesModelAdminMixin); every change of state
goes through the services and their workflows, and each change page shows its history.
"""

import csv

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import selectors
from events.admin import people  # noqa: F401  (registers the people admin pages)
from events.admin.forms import reason_or_ask
from events.errors import EventsError
from events.models import Event, EventSession, NationalNightOutDate, Registration
from events.services.block_parties import move_block_parties_to
from events.services.events import (
    apply_event_changes,
    cancel_event,
    create_weekly_sessions,
    record_new_event,
)
from pasadena_pd.access import RulesModelAdminMixin
from pasadena_pd.admin import StateChangeInline
from pasadena_pd.admin_labels import PublicTextAdminMixin
from pasadena_pd.admin_lists import QuickChangeListMixin
from pasadena_pd.permissions import can

CSV_COLUMNS = ["name", "email", "phone", "party_size", "status", "created_at"]


class EventSessionInline(PublicTextAdminMixin, admin.TabularInline):
    """Sessions are part of their event: whoever may edit the event edits its sessions."""

    model = EventSession
    public_fields = ("location", "note")
    extra = 0
    fields = ("starts_at", "ends_at", "location", "note")

    def has_view_permission(self, request, obj=None):
        return can(request.user, "events.browse_events", obj)

    def has_add_permission(self, request, obj=None):
        return can(request.user, "events.edit_event", obj)

    def has_change_permission(self, request, obj=None):
        return can(request.user, "events.edit_event", obj)

    def has_delete_permission(self, request, obj=None):
        return can(request.user, "events.edit_event", obj)


@admin.register(Event)
class EventAdmin(
    QuickChangeListMixin, PublicTextAdminMixin, RulesModelAdminMixin, admin.ModelAdmin
):
    # The event page and the public feeds print these; the online details go to
    # confirmed registrants only.
    public_fields = (
        "title",
        "description",
        "directions",
        "starts_at",
        "ends_at",
        "venue",
        "address",
        "cancellation_reason",
    )
    view_rule = "events.browse_events"
    add_rule = "events.create_event"
    change_rule = "events.edit_event"
    delete_rule = "events.remove_event"

    list_display = (
        "title",
        "kind",
        "starts_at",
        "area",
        "capacity",
        "confirmed_people",
        "waitlisted",
        "published",
        "status",
    )
    list_filter = (
        "kind",
        "published",
        "status",
        "area",
        ("starts_at", admin.DateFieldListFilter),
    )
    search_fields = ("title", "description", "venue", "address")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    # The state moves only through the workflow: "Cancel the selected events" asks a reason.
    readonly_fields = (
        "status",
        "cancellation_reason",
        "uid",
        "sequence",
        "created_at",
        "updated_at",
    )
    inlines = [EventSessionInline, StateChangeInline]
    actions = ["export_registrations_csv", "create_weekly_sessions_action", "cancel_events"]
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "area", "published")}),
        (_("Description"), {"fields": ("description", "directions")}),
        (_("When and where"), {"fields": ("starts_at", "ends_at", "venue", "address")}),
        (
            _("Online (shown only to confirmed registrants)"),
            {"fields": ("join_url", "webinar_id", "listen_only_phone")},
        ),
        (
            _("Registration"),
            {
                "fields": (
                    "takes_registrations",
                    "capacity",
                    "max_party_size",
                    "registration_opens_at",
                    "registration_closes_at",
                )
            },
        ),
        (_("Status"), {"fields": ("status", "cancellation_reason")}),
        (_("Calendar"), {"fields": ("uid", "sequence", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        # Each count a subquery for the listed events only: summed over a join, every event
        # was grouped and sorted before the page's 100 were taken (51 ms of PostgreSQL for
        # 5,000 events), and the count and the date hierarchy grouped them all again.
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_people=_per_event(
                    Sum("party_size"), status=Registration.Status.CONFIRMED
                ),  # as selectors.with_places counts them
                waitlist_count=_per_event(Count("pk"), status=Registration.Status.WAITLISTED),
            )
            .select_related("area")
        )

    @admin.display(description=_("confirmed people"), ordering="confirmed_people")
    def confirmed_people(self, event):
        return event.confirmed_people

    @admin.display(description=_("waitlist"), ordering="waitlist_count")
    def waitlisted(self, event):
        return event.waitlist_count

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            record_new_event(obj, by=request.user)

    def save_related(self, request, form, formsets, change):
        # After the sessions are saved: a moved session moves the event in calendars too.
        super().save_related(request, form, formsets, change)
        if not change:
            return
        changed = set(form.changed_data)
        if any(f.model is EventSession and f.has_changed() for f in formsets):
            changed.add("sessions")
        for note in apply_event_changes(form.instance, changed=changed, by=request.user):
            self.message_user(request, note)

    def has_export_registrations_permission(self, request):
        return can(request.user, "events.export_registrations")

    def has_create_weekly_sessions_permission(self, request):
        return can(request.user, "events.create_weekly_sessions")

    def has_cancel_event_permission(self, request):
        return can(request.user, "events.cancel_event")

    @admin.action(permissions=["export_registrations"], description=_(
        "Export the registrations of the selected events (CSV)"))  # fmt: skip
    def export_registrations_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="registrations-{stamp}.csv"'
        response["Cache-Control"] = "no-store"
        writer = csv.writer(response)
        writer.writerow(["event", *CSV_COLUMNS, "waitlist_position"])
        registrations = (
            Registration.objects.filter(event__in=queryset)
            .with_waitlist_position()
            .select_related("event")
        )
        for registration in registrations.order_by("event__starts_at", "created_at", "pk"):
            row = [registration.event.title]
            for column in CSV_COLUMNS:
                value = getattr(registration, column)
                if column == "created_at":
                    value = timezone.localtime(value).isoformat(timespec="minutes")
                row.append(_spreadsheet_safe(value))
            row.append(registration.waitlist_position or "")
            writer.writerow(row)
        return response

    @admin.action(permissions=["create_weekly_sessions"], description=_(
        "Create 8 weekly sessions (series such as the Academy)"))  # fmt: skip
    def create_weekly_sessions_action(self, request, queryset):
        for event in queryset:
            try:
                create_weekly_sessions(event, by=request.user)
            except EventsError as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("%(event)s: sessions created.") % {"event": event})

    @admin.action(permissions=["cancel_event"], description=_(
        "Cancel the selected events (registrants are emailed)"))  # fmt: skip
    def cancel_events(self, request, queryset):
        """Asks for the reason first (kept in history and sent to every registrant)."""
        reason, ask = reason_or_ask(
            self,
            request,
            queryset,
            action="cancel_events",
            title=_("Cancel events"),
            intro=_(
                "These events will be cancelled, and every registrant emailed your reason. "
                "Shown to the public: the reason is also printed on the event's page."
            ),
            submit_label=_("Cancel the events and email the registrants"),
        )
        if ask is not None:
            return ask
        done = 0
        for event in queryset:
            try:
                cancel_event(event, reason=reason, by=request.user)
            except EventsError as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d event cancelled.", "%(count)d events cancelled.", done)
                % {"count": done},
                messages.SUCCESS,
            )
        return None


def _per_event(total, **registrations):
    """`total` over each event's registrations matching `registrations` (0 without any)."""
    per_event = (
        Registration.objects.filter(event=OuterRef("pk"), **registrations)
        .order_by()
        .values("event")
        .annotate(total=total)
        .values("total")
    )
    return Coalesce(Subquery(per_event, output_field=IntegerField()), 0)


def _spreadsheet_safe(value):
    """Stop a spreadsheet from running a registrant's text as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


@admin.register(NationalNightOutDate)
class NationalNightOutDateAdmin(PublicTextAdminMixin, RulesModelAdminMixin, admin.ModelAdmin):
    public_fields = ("date",)
    internal_fields = ("reason",)
    view_rule = add_rule = change_rule = delete_rule = "events.manage_national_night_out_dates"
    list_display = ("year", "date", "reason")
    search_fields = ("reason",)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        moved = move_block_parties_to(obj.year, obj.date)
        if moved:
            self.message_user(
                request,
                ngettext(
                    "%(count)d block party moved to the new night.",
                    "%(count)d block parties moved to the new night.",
                    moved,
                )
                % {"count": moved},
            )

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        move_block_parties_to(obj.year, selectors.national_night_out(obj.year))

    def delete_queryset(self, request, queryset):
        years = list(queryset.values_list("year", flat=True))
        super().delete_queryset(request, queryset)
        for year in years:
            move_block_parties_to(year, selectors.national_night_out(year))
