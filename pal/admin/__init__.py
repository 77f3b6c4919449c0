"""PAL in Django admin. Members are minors, so every PAL admin class asks pal/permissions.py
(not only Django's model permissions): PAL Staff see all, a Youth Advisor sees only their own
members' records, both with a verified second factor, and every other staff user does not
see the PAL section at all."""

from django.conf import settings
from django.contrib import admin
from django.db.models import Count, Q
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.debug import sensitive_post_parameters

from pal.models import (
    ActivitySignup,
    AdvisorNote,
    Campus,
    ConsentText,
    ConsentVersion,
    EmergencyContact,
    Enrollment,
    GradeRecord,
    GradingPeriod,
    Guardian,
    ProgramTerm,
    SummerActivity,
    YouthAdvisor,
)
from pal.permissions import sees_every_member
from pasadena_pd.admin import StateChangeInline
from pasadena_pd.admin_lists import QuickChangeListMixin
from pasadena_pd.permissions import can


class PalAccessMixin:
    """Role gate for admin classes and inlines. `member_path` names the lookup from the model
    to its Enrollment ("" for Enrollment itself); None means no member data in the model."""

    member_path: str | None = None

    def _allowed(self, request) -> bool:
        return can(request.user, "pal.use_staff_area")

    def _may_edit(self, request) -> bool:
        # Program records (terms, classes, campuses, advisors, guardians) are PAL Staff's;
        # an advisor edits only their members' grades and notes (their model permissions).
        return self.member_path is not None or can(request.user, "pal.manage_program")

    def _sees(self, request, obj) -> bool:
        if obj is None or self.member_path is None or sees_every_member(request.user):
            return True
        enrollment = obj
        # Inlines are asked about their parent Enrollment, model admins about their own row.
        if not isinstance(obj, Enrollment):
            for part in filter(None, self.member_path.split("__")):
                enrollment = getattr(enrollment, part)
        return can(request.user, "pal.view_member", enrollment)

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    def has_view_permission(self, request, obj=None):
        return (
            self._allowed(request)
            and super().has_view_permission(request, obj)
            and self._sees(request, obj)
        )

    def has_add_permission(self, request, *args):
        return (
            self._allowed(request)
            and self._may_edit(request)
            and super().has_add_permission(request, *args)
        )

    def has_change_permission(self, request, obj=None):
        return (
            self._allowed(request)
            and self._may_edit(request)
            and super().has_change_permission(request, obj)
            and self._sees(request, obj)
        )

    def has_delete_permission(self, request, obj=None):
        return (
            self._allowed(request)
            and self._may_edit(request)
            and super().has_delete_permission(request, obj)
            and self._sees(request, obj)
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not self._allowed(request):
            return queryset.none()
        if self.member_path is None or sees_every_member(request.user):
            return queryset
        visible = Enrollment.objects.visible_to(request.user).values("pk")
        lookup = f"{self.member_path}__in" if self.member_path else "pk__in"
        return queryset.filter(**{lookup: visible})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Enrollment:
            kwargs["queryset"] = Enrollment.objects.visible_to(request.user).members()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PalModelAdmin(PalAccessMixin, admin.ModelAdmin):
    # A minor's details never reach an error report through a posted admin form.
    @method_decorator(sensitive_post_parameters())
    def changeform_view(self, request, *args, **kwargs):
        return super().changeform_view(request, *args, **kwargs)

    @method_decorator(sensitive_post_parameters())
    def changelist_view(self, request, *args, **kwargs):
        return super().changelist_view(request, *args, **kwargs)


class ConsentTextInline(PalAccessMixin, admin.StackedInline):
    model = ConsentText
    min_num = 1
    extra = 0

    def get_extra(self, request, obj=None, **kwargs):
        return 0 if obj else len(settings.LANGUAGES) - 1  # one wording per language

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


class SummerActivityInline(PalAccessMixin, admin.TabularInline):
    model = SummerActivity
    extra = 0


class GradingPeriodInline(PalAccessMixin, admin.TabularInline):
    model = GradingPeriod
    extra = 0


@admin.register(ProgramTerm)
class ProgramTermAdmin(PalModelAdmin):
    list_display = ("name", "kind", "start_date", "end_date", "enrollment_closes", "capacity")
    list_filter = ("kind",)
    inlines = [SummerActivityInline, GradingPeriodInline]


@admin.register(SummerActivity)
class SummerActivityAdmin(PalModelAdmin):
    list_display = ("name", "term", "kind", "capacity", "min_age", "max_age", "start_time")
    list_filter = ("term", "kind")
    list_select_related = ("term",)


@admin.register(Campus)
class CampusAdmin(PalModelAdmin):
    list_display = ("name", "pickup_time", "active")


@admin.register(YouthAdvisor)
class YouthAdvisorAdmin(PalModelAdmin):
    list_display = ("name", "user", "active", "active_member_count")
    list_select_related = ("user",)

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(active_member_count=Count("members", filter=Q(members__status="accepted")))
        )

    @admin.display(description=_("active members"), ordering="active_member_count")
    def active_member_count(self, advisor):
        return advisor.active_member_count


@admin.register(Guardian)
class GuardianAdmin(PalModelAdmin):
    list_display = ("name", "relationship", "phone", "email")
    search_fields = ("name", "email", "phone")
    readonly_fields = ("created_at",)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_every_member(request.user):
            return queryset
        visible = Enrollment.objects.visible_to(request.user)
        return queryset.filter(pk__in=visible.values("guardian_id"))

    def has_view_permission(self, request, obj=None):
        if obj is not None and not sees_every_member(request.user):
            visible = Enrollment.objects.visible_to(request.user)
            if not visible.filter(guardian=obj).exists():
                return False
        return super().has_view_permission(request, obj)


class EmergencyContactInline(PalAccessMixin, admin.TabularInline):
    model = EmergencyContact
    member_path = "enrollment"
    extra = 0


class ActivitySignupInline(PalAccessMixin, admin.TabularInline):
    model = ActivitySignup
    member_path = "enrollment"
    fields = ("activity", "status", "created_at")
    readonly_fields = fields  # places move only through pal.services
    extra = 0

    def has_add_permission(self, request, obj=None):
        return False


class GradeRecordInline(PalAccessMixin, admin.TabularInline):
    model = GradeRecord
    member_path = "enrollment"
    fields = ("period", "gpa", "recorded_by", "recorded_at")
    readonly_fields = ("recorded_by", "recorded_at")
    extra = 0


class AdvisorNoteInline(PalAccessMixin, admin.StackedInline):
    model = AdvisorNote
    member_path = "enrollment"
    fields = ("kind", "date", "note", "written_by")
    readonly_fields = ("written_by",)
    extra = 0


@admin.register(Enrollment)
class EnrollmentAdmin(QuickChangeListMixin, PalModelAdmin):
    member_path = ""
    list_display = ("__str__", "status", "term", "campus", "advisor", "created_at")
    list_filter = ("status", "term", "campus", "advisor", "needs_transportation")
    list_select_related = ("term", "campus", "advisor")
    search_fields = ("first_name", "last_name", "school", "guardian__name")
    # The status moves only through the workflow (staff page "Decision", pal.services).
    # What the family signed stays as signed: answers, against the version of the wording.
    readonly_fields = (
        "status",
        "waitlisted_at",
        "consent_participation",
        "consent_transportation",
        "media_consent",
        "signature",
        "signed_at",
        "consent_version",
        "consented_at",
        "created_at",
        "updated_at",
    )
    inlines = [
        EmergencyContactInline,
        ActivitySignupInline,
        GradeRecordInline,
        AdvisorNoteInline,
        StateChangeInline,
    ]

    def has_add_permission(self, request):
        # Applications come through the public form (pal.services.submit_enrollment), which
        # checks eligibility, places and records the first state.
        return False

    def get_queryset(self, request):
        return Enrollment.objects.visible_to(request.user).select_related(
            "term", "campus", "advisor", "guardian"
        )

    def get_inlines(self, request, obj):
        if not self._allowed(request):
            return []
        return super().get_inlines(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, GradeRecord):
                instance.recorded_by = request.user
            if isinstance(instance, AdvisorNote) and instance.written_by_id is None:
                instance.written_by = request.user
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


@admin.register(ConsentVersion)
class ConsentVersionAdmin(PalModelAdmin):
    """New wording is a new version; a published version is read-only and never deleted
    (enrollments point at the version they signed)."""

    list_display = ("__str__", "summary", "published_at")
    inlines = [ConsentTextInline]

    def get_readonly_fields(self, request, obj=None):
        return ("number", "summary", "published_at") if obj else ()

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GradeRecord)
class GradeRecordAdmin(PalModelAdmin):
    member_path = "enrollment"
    list_display = ("enrollment", "period", "gpa", "recorded_at")
    list_filter = ("period__term", "period")
    list_select_related = ("enrollment", "enrollment__term", "period", "period__term")
    readonly_fields = ("recorded_by", "recorded_at")

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(AdvisorNote)
class AdvisorNoteAdmin(PalModelAdmin):
    member_path = "enrollment"
    list_display = ("enrollment", "kind", "date", "written_by")
    list_filter = ("kind",)
    list_select_related = ("enrollment", "enrollment__term", "written_by")
    readonly_fields = ("written_by", "created_at")

    def save_model(self, request, obj, form, change):
        if obj.written_by_id is None:
            obj.written_by = request.user
        super().save_model(request, obj, form, change)
