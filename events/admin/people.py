"""Staff pages that show people: registrants and block-party hosts.

Both need a verified second factor (events.permissions). Nobody adds or deletes here:
people register on the public pages, where capacity, the waitlist and the night are
checked, and a registration or party ends by being cancelled or declined, with history.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events.admin.filters import RegisteredEventFilter
from events.admin.forms import reason_or_ask
from events.errors import EventsError
from events.models import BlockParty, Registration
from events.services.block_parties import decide_block_party, note_block_party_edit
from events.services.registrations import cancel_registration
from pasadena_pd.access import RulesModelAdminMixin
from pasadena_pd.admin import StateChangeInline
from pasadena_pd.admin_lists import QuickChangeListMixin
from pasadena_pd.permissions import can


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
class RegistrationAdmin(QuickChangeListMixin, RulesModelAdminMixin, admin.ModelAdmin):
    view_rule = "events.view_registrants"
    change_rule = "events.edit_registration"

    list_display = ("name", "email", "event", "party_size", "status", "position", "created_at")
    list_filter = (WaitlistFilter, ("event", RegisteredEventFilter))
    search_fields = ("name", "email", "event__title")
    list_select_related = ("event",)
    # Party size decides who fits: changing it here would bypass the capacity check.
    readonly_fields = (
        "event",
        "party_size",
        "status",
        "token",
        "created_at",
        "updated_at",
        "position",
    )
    fields = ("event", "name", "email", "phone", "party_size", "status", "position", "created_at")
    actions = ["cancel_selected"]
    inlines = [StateChangeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_waitlist_position()

    @admin.display(description=_("waitlist position"), ordering="waitlist_position")
    def position(self, registration):
        return registration.waitlist_position or "–"

    def has_cancel_registration_permission(self, request):
        return can(request.user, "events.cancel_registration")

    @admin.action(permissions=["cancel_registration"], description=_(
        "Cancel the selected registrations (promotes the waitlist)"))  # fmt: skip
    def cancel_selected(self, request, queryset):
        cancelled = promoted = 0
        for registration in queryset.exclude(status=Registration.Status.CANCELLED):
            try:
                promoted += len(cancel_registration(registration, by=request.user))
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
class BlockPartyAdmin(RulesModelAdminMixin, admin.ModelAdmin):
    view_rule = "events.view_block_parties"
    change_rule = "events.edit_block_party"

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

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        note_block_party_edit(obj, changed=set(form.changed_data))

    def has_approve_block_party_permission(self, request):
        return can(request.user, "events.approve_block_party")

    def has_decline_block_party_permission(self, request):
        return can(request.user, "events.decline_block_party")

    @admin.action(permissions=["approve_block_party"], description=_(
        "Approve the selected block parties"))  # fmt: skip
    def approve(self, request, queryset):
        self._decide(request, queryset, BlockParty.Status.APPROVED, "")

    @admin.action(permissions=["decline_block_party"], description=_(
        "Decline the selected block parties (the host is emailed)"))  # fmt: skip
    def decline(self, request, queryset):
        """Asks for the reason first (kept in history and sent to each host)."""
        reason, ask = reason_or_ask(
            self,
            request,
            queryset.select_related("area"),
            action="decline",
            title=_("Decline block parties"),
            intro=_("These block parties will be declined, and each host emailed your reason:"),
            submit_label=_("Decline and email the hosts"),
        )
        if ask is not None:
            return ask
        self._decide(request, queryset, BlockParty.Status.DECLINED, reason)
        return None

    def _decide(self, request, queryset, target, reason):
        done = 0
        for party in queryset:
            try:
                decide_block_party(party, target, by=request.user, reason=reason)
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
