from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.utils.translation import gettext_lazy as _

from pasadena_pd.models import StateChange
from pasadena_pd.security.admin import SafeDateHierarchyMixin
from pasadena_pd.security.forms import StaffLoginForm

admin.site.login_form = StaffLoginForm


class StateChangeInline(GenericTabularInline):
    """The history of a stateful record, on its change page; nobody can edit it."""

    model = StateChange
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ("changed_at", "from_state", "to_state", "actor", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("History")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


@admin.register(StateChange)
class StateChangeAdmin(SafeDateHierarchyMixin, admin.ModelAdmin):
    """The whole history, searchable, read-only for everyone (superusers included)."""

    list_display = ("changed_at", "content_type", "object_id", "from_state", "to_state", "actor")
    list_filter = ("content_type", "to_state")
    date_hierarchy = "changed_at"
    list_select_related = ("content_type", "changed_by")
    fields = (
        "changed_at",
        "content_type",
        "object_id",
        "from_state",
        "to_state",
        "changed_by",
        "actor_label",
        "reason",
    )
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
