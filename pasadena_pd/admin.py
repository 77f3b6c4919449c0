from contextvars import ContextVar

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from pasadena_pd.admin_app_list import keep_app_lists
from pasadena_pd.feed_tokens import create_feed_token, revoke_feed_token
from pasadena_pd.links import absolute_url
from pasadena_pd.models import CalendarFeedToken, RecordActivity, StateChange
from pasadena_pd.permissions import can
from pasadena_pd.security.forms import StaffLoginForm
from pasadena_pd.security.otp import after_password_sign_in, issue_enrollment_code
from pasadena_pd.workflow import TransitionError

# The request of the admin page being rendered, for display methods that need its host.
_admin_request: ContextVar = ContextVar("admin_request", default=None)


def _rendered_with(request, view, *args):
    reset = _admin_request.set(request)
    try:
        response = view(*args)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        return response
    finally:
        _admin_request.reset(reset)


admin.site.login_form = StaffLoginForm
# Who may use the admin at all is a rule (pasadena_pd.use_admin: signed in all the way,
# second factor included), and the password step leads on to the second one.
admin.site.has_permission = lambda request: can(request.user, "pasadena_pd.use_admin")
admin.site.login = after_password_sign_in(admin.site.login)
# The sidebar's app list: asked on every page, built once per set of answers (issue 20).
keep_app_lists(admin.site)


class StateChangeInline(GenericTabularInline):
    """The history of a stateful record, on its change page; nobody can edit it."""

    model = StateChange
    ct_field = "content_type"
    ct_fk_field = "object_id"
    fields = ("changed_at", "from_label", "to_label", "actor", "reason")
    readonly_fields = fields
    extra = 0
    can_delete = False
    verbose_name_plural = _("History")

    @admin.display(description=_("from"))
    def from_label(self, change):
        return change.from_label

    @admin.display(description=_("to"))
    def to_label(self, change):
        return change.to_label

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return True


# Staff accounts: an administrator issues the one-time code that lets a colleague add an
# authenticator app (pasadena_pd.security.otp), shown once here and passed on in person.
User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class StaffAccountAdmin(UserAdmin):
    actions = ["issue_enrollment_codes"]

    def has_issue_enrollment_codes_permission(self, request):
        return can(request.user, "pasadena_pd.issue_enrollment_code")

    @admin.action(permissions=["issue_enrollment_codes"], description=_(
        "Issue a one-time code to set up two-factor sign-in"))  # fmt: skip
    def issue_enrollment_codes(self, request, queryset):
        # A page of its own, never_cache: the codes are not carried in a message cookie.
        issued = [(user, issue_enrollment_code(user)) for user in queryset.filter(is_active=True)]
        response = TemplateResponse(
            request,
            "admin/auth/user/enrollment_codes.html",
            {**self.admin_site.each_context(request), "issued": issued, "opts": self.opts},
        )
        add_never_cache_headers(response)
        return response


# Private calendar feeds (issue 6) ---------------------------------------------------------


class CalendarFeedTokenForm(forms.ModelForm):
    class Meta:
        model = CalendarFeedToken
        fields = ("user",)
        help_texts = {
            "user": _(
                "A new address replaces this staff member's current one, which stops working."
            )
        }


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    """Staff create and revoke their private feed address here; supervisors, anyone's."""

    form = CalendarFeedTokenForm
    list_display = ("user", "status", "created_at", "subscription_link")
    list_filter = ("status",)
    list_select_related = ("user",)
    search_fields = ("user__username", "user__first_name", "user__last_name")
    actions = ["revoke_selected"]

    def get_inlines(self, request, obj):
        return [StateChangeInline] if obj is not None else []

    def get_queryset(self, request):
        tokens = super().get_queryset(request).select_related("user")
        if can(request.user, "pasadena_pd.manage_every_feed"):
            return tokens
        return tokens.filter(user=request.user)

    def get_fields(self, request, obj=None):
        if obj is None:
            return ("user",)
        return ("user", "status", "created_at", "subscription_link")

    def get_readonly_fields(self, request, obj=None):
        return () if obj is None else ("user", "status", "created_at", "subscription_link")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            users = get_user_model().objects.filter(is_staff=True, is_active=True)
            if not can(request.user, "pasadena_pd.manage_every_feed"):
                users = users.filter(pk=request.user.pk)
            kwargs["queryset"] = users
            kwargs.setdefault("initial", request.user.pk)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the history stays

    def save_model(self, request, obj, form, change):
        if change:
            return
        try:
            created = create_feed_token(owner=form.cleaned_data["user"], by=request.user)
        except TransitionError as error:
            raise PermissionDenied(str(error)) from error
        obj.pk = created.pk
        obj.token = created.token

    # The feed address is absolute, built from the request's own host (pasadena_pd.links);
    # the display methods see only the record, so the request is set for the page's render.
    def changelist_view(self, request, extra_context=None):
        return _rendered_with(request, super().changelist_view, request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return _rendered_with(
            request, super().change_view, request, object_id, form_url, extra_context
        )

    @admin.display(description=_("feed address"))
    def subscription_link(self, token):
        if token.status != CalendarFeedToken.Status.ACTIVE:
            return _("Revoked: this address answers “not found”.")
        # Text to copy (select it, or the Copy button where JavaScript runs): a calendar app
        # subscribes to it ("subscribe from URL", "add calendar from internet").
        field_id = f"feed-address-{token.pk}"
        return format_html(
            '<input type="text" readonly class="feed-address vTextField" id="{}" value="{}" '
            'aria-label="{}"> <button type="button" class="button" data-copy="{}" '
            'data-copied="{}" hidden>{}</button><div class="help">{}</div>',
            field_id,
            absolute_url(token.get_absolute_url(), _admin_request.get()),
            _("Private calendar feed address"),
            field_id,
            _("Copied"),
            _("Copy"),
            _("Paste this address into your calendar app (“subscribe from URL”)."),
        )

    @admin.action(permissions=["change"], description=_("Revoke the selected feed addresses"))
    def revoke_selected(self, request, queryset):
        revoked = 0
        for token in queryset.filter(status=CalendarFeedToken.Status.ACTIVE):
            try:
                revoke_feed_token(
                    token, by=request.user, reason=_("Revoked in the staff workspace.")
                )
            except TransitionError as error:
                self.message_user(request, str(error), level=messages.ERROR)
                continue
            revoked += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d feed address revoked: it now answers “not found”.",
                "%(count)d feed addresses revoked: they now answer “not found”.",
                revoked,
            )
            % {"count": revoked},
            level=messages.SUCCESS,
        )


@admin.register(StateChange)
class StateChangeAdmin(admin.ModelAdmin):
    """The whole history, searchable, read-only for everyone (superusers included)."""

    list_display = ("changed_at", "content_type", "object_id", "from_label", "to_label", "actor")
    list_filter = ("content_type", "to_state")
    date_hierarchy = "changed_at"
    list_select_related = ("content_type", "changed_by")
    fields = (
        "changed_at",
        "content_type",
        "object_id",
        "from_label",
        "to_label",
        "changed_by",
        "actor_label",
        "reason",
    )
    readonly_fields = fields

    from_label = StateChangeInline.from_label
    to_label = StateChangeInline.to_label

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RecordActivityInline(StateChangeInline):
    """What was done to a record besides moving its state (moves of date, exceptions,
    assignments), on its change page; read-only like the state history above it."""

    model = RecordActivity
    fields = ("done_at", "kind", "actor", "detail")
    readonly_fields = fields
    verbose_name_plural = _("Activity")
