"""Staff side of requests: review, approve, decline, schedule (bookings: admin/bookings.py).

Every page, field and action asks outreach.permissions by name (an action declares
`permissions=[verb]`, answered by `has_<verb>_permission` from the rule
`outreach.<verb>`); every change goes through a service and its workflow.
"""

from django import forms
from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outreach import selectors
from outreach.admin.filters import DateRangeFilter, NeedsMyActionFilter, WeekendFilter
from outreach.models import PresentationRequest, ResourceBooking, Specialist
from outreach.permissions import can
from outreach.rules import RULE_NAMES
from outreach.services import decisions
from outreach.services.bookings import ResourceUnavailable
from outreach.services.submission import cancel_request
from pasadena_pd.access import RulesModelAdminMixin
from pasadena_pd.admin import RecordActivityInline, StateChangeInline
from pasadena_pd.admin_labels import local_window
from pasadena_pd.admin_lists import KeptRelatedFieldListFilter, QuickChangeListMixin
from pasadena_pd.rules import is_weekend
from pasadena_pd.workflow import TransitionError

Status = PresentationRequest.Status


def asks(rule: str):
    """A ModelAdmin `has_<verb>_permission` method answered by the named rule."""

    def has_permission(self, request, obj=None) -> bool:
        return can(request.user, rule, obj)

    has_permission.rule = rule
    return has_permission


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=gettext_lazy("Kept in the history; the requester sees a decline reason."),
    )


@admin.display(description=gettext_lazy("time window"), ordering="window")
def local_time_window(booking):
    return local_window(booking.window)


class ResourceBookingInline(admin.TabularInline):
    model = ResourceBooking
    fields = ("resource", "unit_number", local_time_window, "state", "confirmed_by", "confirmed_at")
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
        if day and self.instance.pk and is_weekend(day) != self.instance.is_weekend:
            self.add_error("date", _("A request cannot move between a weekday and a weekend."))
        return cleaned


@admin.register(PresentationRequest)
class PresentationRequestAdmin(QuickChangeListMixin, RulesModelAdminMixin, admin.ModelAdmin):
    view_rule = "outreach.view_requests"
    change_rule = "outreach.edit_request"
    form = PresentationRequestAdminForm
    list_display = ("title", "date", "start_time", "kind", "area", "status", "specialist")
    list_filter = (
        NeedsMyActionFilter,
        "status",
        ("area", KeptRelatedFieldListFilter),  # the areas kept until the data changes
        "kind",
        WeekendFilter,
        DateRangeFilter,
    )
    list_select_related = ("area", "specialist__area")  # Specialist.__str__ names the area
    # The rows are read as values (pasadena_pd/admin_lists.py): the checkbox's label and the
    # relation columns built from values as the models' `__str__` builds them.
    list_row_labels = {
        "__str__": (("title",), str),
        "area": (("area__name",), str),
        "specialist": (("specialist__name", "specialist__area__name"), Specialist.label),
    }
    # Counts, rows and date hierarchy kept per user and page until the data changes: every
    # write to requests, areas and specialists sends signals (retention's `update` changes
    # no listed field, and its run is saved in the same transaction).
    list_parts_kept = True
    # Popups read model objects, with only what the rows show.
    list_row_fields = (
        *("title", "date", "start_time", "kind", "status"),
        *("area__name", "specialist__name", "specialist__area__name"),
    )
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
        "exception_date",
        "excused_rules",
        "decline_reason",
        "proposed_on",
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
                    ("exception_date", "excused_rules"),
                    "decline_reason",
                    ("proposed_on", "sequence", "created_at", "updated_at"),
                )
            },
        ),
    )
    inlines = [ResourceBookingInline, StateChangeInline, RecordActivityInline]
    actions = [
        "approve_weekend",
        "schedule",
        "assign_area_specialist",
        "decline",
        "accept_exception",
        "mark_completed",
        "cancel",
    ]

    # The actions' permissions, one rule each.
    has_approve_weekend_request_permission = asks("outreach.approve_weekend_request")
    has_schedule_request_permission = asks("outreach.schedule_request")
    has_assign_specialist_permission = asks("outreach.assign_specialist")
    has_decline_request_permission = asks("outreach.decline_request")
    has_accept_exception_permission = asks("outreach.accept_exception")
    has_complete_request_permission = asks("outreach.complete_request")
    has_cancel_request_permission = asks("outreach.cancel_request")

    def get_readonly_fields(self, request, obj=None):
        readonly = list(self.readonly_fields)
        if not can(request.user, "outreach.move_request", obj):
            readonly += ["date", "start_time", "end_time", "location"]
        if not can(request.user, "outreach.assign_specialist", obj):
            readonly.append("specialist")
        return readonly

    # Requests come in through the public form (staff taking a phone call use it too), and
    # are never deleted (cancel or decline instead: the history stays). add_rule and
    # delete_rule are None.

    def get_queryset(self, request):
        # The list's columns (Specialist.__str__ names the area). Django applies
        # list_select_related only to a queryset without select_related: this is it.
        return super().get_queryset(request).select_related(*self.list_select_related)

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
                ((f.code, self._finding_label(obj, f), f.message) for f in findings),
            ),
        )

    @staticmethod
    def _finding_label(obj, finding) -> str:
        if not finding.blocking:
            return _("Note:")
        if obj.exception_excuses(finding.code):
            return _("Excused (exception for this day):")
        return _("Blocking:")

    @admin.display(description=gettext_lazy("rules excused"))
    def excused_rules(self, obj):
        return (
            ", ".join(str(RULE_NAMES.get(code, code)) for code in obj.exception_rule_codes) or "—"
        )

    @admin.display(description=gettext_lazy("special resources"))
    def requested_resources(self, obj):
        return ", ".join(str(resource) for resource in obj.resources.all()) or "—"

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
            request.change_refused = True
            messages.error(
                request,
                _("Not moved: %(resource)s has no free unit at that time.")
                % {"resource": unavailable.resource.label},
            )
        except TransitionError as error:
            request.change_refused = True
            messages.error(request, str(error))

    def response_change(self, request, obj):
        # A refused move saved nothing: back to the page, without "changed successfully".
        if getattr(request, "change_refused", False):
            return HttpResponseRedirect(request.path)
        return super().response_change(request, obj)

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

    @admin.action(permissions=["approve_weekend_request"], description=gettext_lazy(
        "Approve weekend request (supervisor)"))  # fmt: skip
    def approve_weekend(self, request, queryset):
        self._each(
            request,
            queryset,
            decisions.approve_weekend_request,
            _("Approved %(count)d weekend request(s)."),
        )

    @admin.action(permissions=["schedule_request"], description=gettext_lazy("Schedule"))
    def schedule(self, request, queryset):
        self._each(request, queryset, decisions.schedule_request, _("Scheduled %(count)d."))

    @admin.action(permissions=["assign_specialist"], description=gettext_lazy(
        "Assign the area's specialist"))  # fmt: skip
    def assign_area_specialist(self, request, queryset):
        self._each(
            request,
            queryset.select_related("area__specialist"),  # each request's area's specialist
            decisions.assign_specialist,
            _("Assigned %(count)d."),
        )

    @admin.action(permissions=["complete_request"], description=gettext_lazy("Mark as completed"))
    def mark_completed(self, request, queryset):
        self._each(request, queryset, decisions.complete_request, _("Completed %(count)d."))

    @admin.action(permissions=["decline_request"], description=gettext_lazy(
        "Decline (with a reason)"))  # fmt: skip
    def decline(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            decisions.decline_request,
            _("Decline requests"),
            _("Declined %(count)d."),
        )

    @admin.action(permissions=["accept_exception"], description=gettext_lazy(
        "Accept an exception to the rules (supervisor)"))  # fmt: skip
    def accept_exception(self, request, queryset):
        return self._with_reason(
            request,
            queryset,
            decisions.accept_exception,
            _("Accept an exception to the rules"),
            _("Exception accepted for %(count)d."),
        )

    @admin.action(permissions=["cancel_request"], description=gettext_lazy(
        "Cancel (with a reason)"))  # fmt: skip
    def cancel(self, request, queryset):
        return self._with_reason(
            request, queryset, cancel_request, _("Cancel requests"), _("Cancelled %(count)d.")
        )
