from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from outreach.models import Area, MajorEvent, RequestPolicy, Specialist, SpecialResource


class SpecialistInline(admin.StackedInline):
    model = Specialist
    extra = 0


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
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
class MajorEventAdmin(admin.ModelAdmin):
    list_display = ("name", "start_date", "end_date", "source")
    list_filter = ("source", ("start_date", admin.DateFieldListFilter))
    search_fields = ("name", "notes")
    date_hierarchy = "start_date"
    readonly_fields = ("external_uid", "updated_at")


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
        return not RequestPolicy.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.site_header = _("Pasadena PD Community Services")
admin.site.site_title = _("Community Services staff")
admin.site.index_title = _("Staff workspace")
