"""Staff side of requests: review, approve, decline, schedule, and confirm bookings."""

from django import forms
from django.contrib import admin, messages
from django.db.models import prefetch_related_objects
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach import decisions, selectors
from outreach.admin_filters import DateRangeFilter, NeedsMyActionFilter, WeekendFilter
from outreach.bookings import ResourceUnavailable, confirm_booking
from outreach.models import PresentationRequest, ResourceBooking
from outreach.submission import cancel_request
from outreach.workflow import (
    can_review,
    is_neighborhood_services,
    is_supervisor,
)
from pasadena_pd.admin import StateChangeInline
from pasadena_pd.admin_lists import QuickChangeListMixin
from pasadena_pd.workflow import TransitionError

Status = PresentationRequest.Status


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Kept in the history; the requester sees a decline reason."),
    )


class ResourceBookingInline(admin.TabularInline):
    model = ResourceBooking
    fields = ("resource", "unit_number", "window", "state", "confirmed_by", "confirmed_at")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PresentationRequestAdminForm(forms.ModelForm):
    class Meta:
        model = PresentationRequest
        fields = ("date", "start_time", "end_time", "location", "specialist")

    def clean(self):
        cleaned = super().clean()
        day = cleaned.get("date")
        if day and self.instance.pk and (day.weekday() >= 5) != self.instance.is_weekend:
            self.add_error("date", _("A request cannot move between a weekday and a weekend."))
        return cleaned


@admin.register(PresentationRequest)
class PresentationRequestAdmin(QuickChangeListMixin, admin.ModelAdmin):
    form = PresentationRequestAdminForm
    list_display = ("title", "date", "start_time", "kind", "area", "status", "specialist")
    list_filter = (
        NeedsMyActionFilter,
        "status",
        "area",
        "kind",
        WeekendFilter,
        DateRangeFilter,
    )
    list_select_related = ("area", "specialist__area")  # Specialist.__str__ names the area
    search_fields = ("title", "organization", "contact_name", "contact_email", "contact_phone")
    date_hierarchy = "date"
    readonly_fields = (
        "status",
        "rule_findings",
        "kind",
        "title",
        "area",
        "expected_attendance",
        "requested_resources",
        "organization",
        "contact_name",
        "contact_email",
        "contact_phone",
        "notes",
        "supervisor_approved_by",
        "supervisor_approved_at",
        "exception_accepted_by",
        "exception_accepted_at",
        "exception_reason",
        "decline_reason",
        "sequence",
        "created_at",
        "updated_at",
    )
    fieldsets = (
        (None, {"fields": ("status", "rule_findings")}),
        (
            gettext_lazy("Request"),
            {
                "fields": (
                    "kind",
                    "title",
                    ("date", "start_time", "end_time"),
                    "area",
                    "location",
                    "expected_attendance",
                    "requested_resources",
                    "notes",
                )
            },
        ),
        (
            gettext_lazy("Contact"),
            {"fields": ("organization", "contact_name", "contact_email", "contact_phone")},
        ),
        (
            gettext_lazy("Decisions"),
            {
                "fields": (
                    "specialist",
                    ("supervisor_approved_by", "supervisor_approved_at"),
                    ("exception_accepted_by", "exception_accepted_at"),
                    "exception_reason",
                    "decline_reason",
                    ("sequence", "created_at", "updated_at"),
                )
            },
        ),
    )
    inlines = [ResourceBookingInline, StateChangeInline]
    actions = [
        "approve_weekend",
        "schedule",
        "assign_area_specialist",
        "decline",
        "accept_exception",
        "mark_completed",
        "cancel",
    ]

    def get_readonly_fields(self, request, obj=None):
        # Only Neighborhood Services moves a request or assigns its specialist.
        if is_neighborhood_services(request.user):
            return self.readonly_fields
        return (*self.readonly_fields, "date", "start_time", "end_time", "location", "specialist")

    def has_add_permission(self, request):
        # Requests come in through the public form (staff taking a phone call use it too).
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("area__specialist", "specialist__area")

    @admin.display(description=gettext_lazy("rule findings"))
    def rule_findings(self, obj):
        findings = selectors.findings_for_request(obj)
        if not findings:
            return _("Passes every rule.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li data-rule="{}"><strong>{}</strong> {}</li>',
                (
                    (f.code, _("Blocking:") if f.blocking else _("Note:"), f.message)
                    for f in findings
                ),
            ),
        )

    @admin.display(description=gettext_lazy("special resources"))
    def requested_resources(self, obj):
        return ", ".join(str(resource) for resource in obj.resources.all()) or "—"

    def get_actions(self, request):
        # The role predicates read the user's groups; load them once per request.
        if getattr(request.user, "is_authenticated", False):
            prefetch_related_objects([request.user], "groups")
        actions = super().get_actions(request)
        allowed = {
            "approve_weekend": is_supervisor,
            "accept_exception": is_supervisor,
            "schedule": is_neighborhood_services,
            "assign_area_specialist": can_review,
            "mark_completed": is_neighborhood_services,
            "decline": can_review,
            "cancel": can_review,
        }
        return {
            name: action
            for name, action in actions.items()
            if name not in allowed or allowed[name](request.user)
        }

    def save_model(self, request, obj, form, change):
        # Every write goes through a service: moving the date re-books resources and bumps
        # the calendar sequence; assigning a specialist is kept in the history.
        moved = {"date", "start_time", "end_time", "location"} & set(form.changed_data)
        try:
            if moved:
                decisions.reschedule_request(
                    obj,
                    by=request.user,
                    date=obj.date,
                    start_time=obj.start_time,
                    end_time=obj.end_time,
                    location=obj.location,
                )
            if "specialist" in form.changed_data and obj.specialist is not None:
                decisions.assign_specialist(obj, by=request.user, specialist=obj.specialist)
        except ResourceUnavailable as unavailable:
            messages.error(
                request,
                _("Not moved: %(resource)s has no free unit at that time.")
                % {"resource": unavailable.resource.name},
            )
        except TransitionError as error:
            messages.error(request, str(error))

    def _each(self, request, queryset, service, done_message, **kwargs):
        done = 0
        for obj in queryset:
            try:
                service(obj, by=request.user, **kwargs)
                done += 1
            except (TransitionError, ResourceUnavailable) as error:
                messages.error(request, f"{obj}: {error}")
        if done:
            messages.success(request, done_message % {"count": done})

    def _with_reason(self, request, queryset, service, title, done_message):
        """Ask for a reason on an intermediate page, then apply the service to each."""
        form = ReasonForm(request.POST if "apply" in request.POST else None)
        if "apply" in request.POST and form.is_valid():
            self._each(request, queryset, service, done_message, reason=form.cleaned_data["reason"])
            return None
        return TemplateResponse(
            request,
            "outreach/admin/reason_form.html",
            {
                **self.admin_site.each_context(request),
                "title": title,
                "form": form,
                "queryset": queryset,
                "action": request.POST.get("action", ""),
                "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
                "opts": self.model._meta,
            },
        )

    @admin.action(description=gettext_lazy("Approve weekend request (supervisor)"))
    def approve_weekend(self, request, queryset):
        self._each(
            request,
            queryset,
            decisions.approve_weekend_request,
            _("Approved %(count)d weekend request(s)."),
        )

    @admin.action(description=gettext_lazy("Schedule"))
    def schedule(self, request, queryset):
        self._each(request, queryset, decisions.schedule_request, _("Scheduled %(count)d."))

    @admin.action(description=gettext_lazy("Assign the area's specialist"))
    def assign_area_specialist(self, request, queryset):
        self._each(request, queryset, decisions.assign_specialist, _("Assigned %(count)d."))

    @admin.action(description=gettext_lazy("Mark as completed"))
    def mark_completed(self, request, queryset):
        self._each(request, queryset, decisions.complete_request, _("Completed %(count)d."))

    @admin.action(description=gettext_lazy("Decline (with a reason)"))
    def decline(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            decisions.decline_request,
            _("Decline requests"),
            _("Declined %(count)d."),
        )

    @admin.action(description=gettext_lazy("Accept an exception to the rules (supervisor)"))
    def accept_exception(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            decisions.accept_exception,
            _("Accept an exception to the rules"),
            _("Exception accepted for %(count)d."),
        )

    @admin.action(description=gettext_lazy("Cancel (with a reason)"))
    def cancel(self, request, queryset):
        return self._with_reason(
            request, queryset, cancel_request, _("Cancel requests"), _("Cancelled %(count)d.")
        )


@admin.register(ResourceBooking)
class ResourceBookingAdmin(admin.ModelAdmin):
    list_display = ("resource", "unit_number", "request", "window", "state", "confirmed_by")
    list_filter = ("state", "resource")
    list_select_related = ("resource", "request", "confirmed_by")
    search_fields = ("request__title", "request__organization")
    readonly_fields = (
        "request",
        "resource",
        "unit_number",
        "window",
        "state",
        "confirmed_by",
        "confirmed_at",
    )
    actions = ["confirm"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=gettext_lazy("Confirm pre-planning (event coordinator)"))
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
