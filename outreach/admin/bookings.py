"""Staff side of resource bookings: the event coordinator confirms each one's pre-planning."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach.admin.requests import asks, local_time_window
from outreach.models import ResourceBooking
from outreach.services.bookings import confirm_booking
from pasadena_pd.access import RulesModelAdminMixin
from pasadena_pd.admin import StateChangeInline
from pasadena_pd.admin_lists import QuickChangeListMixin
from pasadena_pd.workflow import TransitionError


@admin.register(ResourceBooking)
class ResourceBookingAdmin(QuickChangeListMixin, RulesModelAdminMixin, admin.ModelAdmin):
    view_rule = "outreach.view_bookings"  # change_rule, add_rule, delete_rule: nobody
    list_display = (
        "resource",
        "unit_number",
        "request",
        local_time_window,
        "state",
        "confirmed_by",
    )
    list_filter = ("state", "resource")
    list_select_related = ("resource", "request", "confirmed_by")
    search_fields = ("request__title", "request__organization")
    fields = readonly_fields = (
        "request",
        "resource",
        "unit_number",
        local_time_window,
        "state",
        "confirmed_by",
        "confirmed_at",
    )
    actions = ["confirm"]
    inlines = [StateChangeInline]

    has_confirm_booking_permission = asks("outreach.confirm_booking")

    @admin.action(permissions=["confirm_booking"], description=gettext_lazy(
        "Confirm pre-planning (event coordinator)"))  # fmt: skip
    def confirm(self, request, queryset):
        done = 0
        for booking in queryset:
            try:
                confirm_booking(booking, by=request.user)
                done += 1
            except TransitionError as error:
                messages.error(request, f"{booking}: {error}")
        if done:
            messages.success(request, _("Confirmed %(count)d booking(s).") % {"count": done})
