"""Staff side of events: events with sessions, registrations, block parties, NNO dates.

Every write goes through the services (sequence, notices, waitlist, workflow), never a bare
`status = ...`; each change page shows its history.
"""

import csv

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.db.models import Count, Q
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import selectors
from events.errors import EventsError
from events.models import BlockParty, Event, EventSession, NationalNightOutDate, Registration
from events.services.block_parties import (
    decide_block_party,
    move_block_parties_to,
    note_block_party_edit,
)
from events.services.events import apply_event_changes, create_weekly_sessions
from events.services.registrations import cancel_registration
from events.views.helpers import site_url
from pasadena_pd.admin import StateChangeInline

CSV_COLUMNS = ["name", "email", "phone", "party_size", "status", "created_at"]


class EventSessionInline(admin.TabularInline):
    model = EventSession
    extra = 0
    fields = ("starts_at", "ends_at", "location", "note")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "kind",
        "starts_at",
        "area",
        "capacity",
        "confirmed_people",
        "waitlisted",
        "published",
        "cancelled",
    )
    list_filter = (
        "kind",
        "published",
        "cancelled",
        "area",
        ("starts_at", admin.DateFieldListFilter),
    )
    search_fields = ("title", "description", "venue", "address")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("uid", "sequence", "created_at", "updated_at")
    inlines = [EventSessionInline, StateChangeInline]
    actions = ["export_registrations_csv", "create_weekly_sessions_action"]
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
        (_("Cancellation"), {"fields": ("cancelled", "cancellation_reason")}),
        (_("Calendar"), {"fields": ("uid", "sequence", "created_at", "updated_at")}),
    )

    def get_queryset(self, request):
        return (
            selectors.with_places(super().get_queryset(request))
            .annotate(
                waitlist_count=Count(
                    "registrations",
                    filter=Q(registrations__status=Registration.Status.WAITLISTED),
                    distinct=True,
                )
            )
            .select_related("area")
        )

    @admin.display(description=_("confirmed people"), ordering="confirmed_people")
    def confirmed_people(self, event):
        return event.confirmed_people

    @admin.display(description=_("waitlist"), ordering="waitlist_count")
    def waitlisted(self, event):
        return event.waitlist_count

    def save_related(self, request, form, formsets, change):
        # After the sessions are saved: a moved session moves the event in calendars too.
        super().save_related(request, form, formsets, change)
        if not change:
            return
        changed = set(form.changed_data)
        if any(f.model is EventSession and f.has_changed() for f in formsets):
            changed.add("sessions")
        for note in apply_event_changes(
            form.instance, changed=changed, by=request.user, site_url=site_url(request)
        ):
            self.message_user(request, note)

    @admin.action(description=_("Export the registrations of the selected events (CSV)"))
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

    @admin.action(description=_("Create 8 weekly sessions (series such as the Academy)"))
    def create_weekly_sessions_action(self, request, queryset):
        for event in queryset:
            try:
                create_weekly_sessions(event)
            except EventsError as error:
                self.message_user(request, f"{event}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("%(event)s: sessions created.") % {"event": event})


def _spreadsheet_safe(value):
    """Stop a spreadsheet from running a registrant's text as a formula (CSV injection)."""
    text = str(value)
    return "'" + text if text[:1] in {"=", "+", "-", "@", "\t", "\r"} else text


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (sent to the host)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
    )


class WaitlistFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return Registration.Status.choices

    def queryset(self, request, queryset):
        if self.value() in Registration.Status.values:
            return queryset.filter(status=self.value())
        return queryset


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "event", "party_size", "status", "position", "created_at")
    list_filter = (WaitlistFilter, "event")
    search_fields = ("name", "email", "event__title")
    list_select_related = ("event",)
    readonly_fields = ("event", "status", "token", "created_at", "updated_at", "position")
    fields = ("event", "name", "email", "phone", "party_size", "status", "position", "created_at")
    actions = ["cancel_selected"]
    inlines = [StateChangeInline]

    def has_add_permission(self, request):
        # People register on the public page, where capacity and the waitlist are enforced.
        return False

    def get_readonly_fields(self, request, obj=None):
        # Party size decides who fits: changing it here would bypass the capacity check.
        return (*self.readonly_fields, "party_size")

    def get_queryset(self, request):
        return super().get_queryset(request).with_waitlist_position()

    @admin.display(description=_("waitlist position"), ordering="waitlist_position")
    def position(self, registration):
        return registration.waitlist_position or "–"

    @admin.action(description=_("Cancel the selected registrations (promotes the waitlist)"))
    def cancel_selected(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.exclude(status=Registration.Status.CANCELLED):
            try:
                promoted += len(
                    cancel_registration(
                        registration, by=request.user, actor_label="", site_url=site_url(request)
                    )
                )
            except EventsError as error:
                self.message_user(request, f"{registration}: {error}", messages.ERROR)
            else:
                cancelled += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", cancelled
            )
            % {"count": cancelled}
            + " "
            + _("%(count)d moved up from the waitlist.") % {"count": promoted},
        )


@admin.register(BlockParty)
class BlockPartyAdmin(admin.ModelAdmin):
    list_display = (
        "street_name",
        "street_address",
        "area",
        "year",
        "starts_at",
        "expected_attendance",
        "host_name",
        "status",
    )
    list_filter = ("status", "year", "area", "wants_fire_engine", "wants_bicycle_registration")
    search_fields = ("street_name", "street_address", "host_name", "host_email")
    list_select_related = ("area",)
    readonly_fields = (
        "status",
        "year",
        "date",
        "token",
        "uid",
        "sequence",
        "created_at",
        "updated_at",
    )
    actions = ["approve", "decline"]
    inlines = [StateChangeInline]

    def has_add_permission(self, request):
        # Hosts register on the public form, which checks the night and the details.
        return False

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        note_block_party_edit(obj, changed=set(form.changed_data))

    @admin.action(description=_("Approve the selected block parties"))
    def approve(self, request, queryset):
        self._decide(request, queryset, BlockParty.Status.APPROVED, "")

    @admin.action(description=_("Decline the selected block parties (the host is emailed)"))
    def decline(self, request, queryset):
        """Asks for the reason first (kept in history and sent to each host)."""
        form = DeclineForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._decide(request, queryset, BlockParty.Status.DECLINED, form.cleaned_data["reason"])
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": _("Decline block parties"),
            "opts": self.model._meta,
            "parties": queryset.select_related("area"),
            "form": form,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "events/admin/block_party_decline.html", context)

    def _decide(self, request, queryset, target, reason):
        done = 0
        for party in queryset:
            try:
                decide_block_party(
                    party, target, by=request.user, reason=reason, site_url=site_url(request)
                )
            except EventsError as error:
                self.message_user(request, f"{party}: {error}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(
                request,
                ngettext("%(count)d block party updated.", "%(count)d block parties updated.", done)
                % {"count": done},
                messages.SUCCESS,
            )


@admin.register(NationalNightOutDate)
class NationalNightOutDateAdmin(admin.ModelAdmin):
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
