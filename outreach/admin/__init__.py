from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outreach import selectors
from outreach.admin import bookings, requests  # noqa: F401  (registers them)
from outreach.ical_import import CalendarImportError, import_major_events
from outreach.models import Area, MajorEvent, RequestPolicy, Specialist, SpecialResource
from pasadena_pd.admin_labels import PublicTextAdminMixin

MAX_CALENDAR_BYTES = 2 * 1024 * 1024


class CalendarUploadForm(forms.Form):
    calendar_file = forms.FileField(label=_("Calendar file (.ics)"), help_text=_("At most 2 MB."))

    def clean_calendar_file(self):
        upload = self.cleaned_data["calendar_file"]
        if upload.size > MAX_CALENDAR_BYTES:
            raise forms.ValidationError(_("This file is larger than 2 MB."))
        return upload


class SpecialistInline(admin.StackedInline):
    model = Specialist
    extra = 0


@admin.register(Area)
class AreaAdmin(PublicTextAdminMixin, admin.ModelAdmin):
    public_fields = ("name", "description")
    list_display = ("name", "specialist")
    prepopulated_fields = {"slug": ("name",)}
    search_fields = ("name",)
    inlines = [SpecialistInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("specialist")


@admin.register(Specialist)
class SpecialistAdmin(admin.ModelAdmin):
    list_display = ("name", "area", "phone", "email", "user")
    list_select_related = ("area", "user")
    search_fields = ("name", "email", "area__name")
    autocomplete_fields = ("area",)


@admin.register(SpecialResource)
class SpecialResourceAdmin(admin.ModelAdmin):
    list_display = ("name", "code", "lead_time_days", "units")
    list_editable = ("lead_time_days", "units")


@admin.register(MajorEvent)
class MajorEventAdmin(PublicTextAdminMixin, admin.ModelAdmin):
    public_fields = ("name", "start_date", "end_date", "public_note")
    internal_fields = ("internal_note",)
    list_display = ("name", "start_date", "end_date", "source")
    list_filter = ("source", ("start_date", admin.DateFieldListFilter))
    search_fields = ("name", "public_note", "internal_note")
    date_hierarchy = "start_date"
    readonly_fields = ("external_uid", "updated_at")
    change_list_template = "outreach/admin/majorevent_change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="outreach_majorevent_import",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload an .ics file; each VEVENT becomes (or updates) a major event."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CalendarUploadForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = import_major_events(form.cleaned_data["calendar_file"].read())
            except CalendarImportError as error:
                form.add_error("calendar_file", str(error))
            else:
                messages.success(
                    request,
                    gettext(
                        "Imported: %(created)d new, %(updated)d updated, %(removed)d removed, "
                        "%(skipped)d skipped."
                    )
                    % vars(result),
                )
                return HttpResponseRedirect(reverse("admin:outreach_majorevent_changelist"))
        return TemplateResponse(
            request,
            "outreach/admin/majorevent_import.html",
            {
                **self.admin_site.each_context(request),
                "title": gettext("Import major events from a calendar file"),
                "form": form,
                "opts": self.model._meta,
            },
        )


@admin.register(RequestPolicy)
class RequestPolicyAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "min_notice_days",
        "weekend_min_notice_days",
        "weekend_min_hours",
        "max_advance_days",
    )

    def has_add_permission(self, request):
        # Asked for the sidebar on every admin page: the query only for those who may add.
        return super().has_add_permission(request) and not selectors.policy_is_stored()

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Pasadena PD Community Services")
admin.site.site_title = _("Community Services staff")
admin.site.index_title = _("Staff workspace")
