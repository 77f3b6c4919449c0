"""How a refusal of a permission rule is answered, for the pages and the admin.

A staff member refused only because this session has no verified second factor is sent to
verify (or to enroll a device) and then back, rather than shown a bare 403; an anonymous
visitor is sent to sign in; anyone else gets 403.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from pasadena_pd.permissions import can, is_active_staff
from pasadena_pd.security.otp import redirect_to_two_factor, two_factor_would_open


def needs_second_factor(user, action: str, record=None) -> bool:
    """Is `user` refused `action` only for lack of a verified second factor?"""
    return bool(is_active_staff(user)) and two_factor_would_open(user, action, record)


def verification_redirect(request):
    """To the second-factor step (verify, or enroll when the user has no device yet)."""
    return redirect_to_two_factor(request)


def refusal(request, action: str, record=None):
    """None when the user may do `action`; else the answer to send instead (or 403)."""
    user = request.user
    if can(user, action, record):
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if needs_second_factor(user, action, record):
        return verification_redirect(request)
    raise PermissionDenied


class RulesModelAdminMixin:
    """A ModelAdmin whose pages ask the apps' rules by name (never the groups' model
    permissions, nor Django's superuser shortcut, which would skip the second factor).

    Set the rule names; None means nobody. Viewing is also allowed to whoever may edit.
    """

    view_rule: str | None = None
    add_rule: str | None = None
    change_rule: str | None = None
    delete_rule: str | None = None

    def _allows(self, request, rule, obj=None) -> bool:
        return rule is not None and can(request.user, rule, obj)

    def has_module_permission(self, request):
        return self.has_view_permission(request) or self._second_factor_opens(request)

    def has_view_permission(self, request, obj=None):
        return self._allows(request, self.view_rule, obj) or self.has_change_permission(
            request, obj
        )

    def has_add_permission(self, request, *args):
        return self._allows(request, self.add_rule)

    def has_change_permission(self, request, obj=None):
        return self._allows(request, self.change_rule, obj)

    def has_delete_permission(self, request, obj=None):
        return self._allows(request, self.delete_rule, obj)

    def _second_factor_opens(self, request) -> bool:
        rules_ = {self.view_rule, self.change_rule} - {None}
        return any(needs_second_factor(request.user, rule) for rule in rules_)

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request) and self._second_factor_opens(request):
            return verification_redirect(request)
        return super().changelist_view(request, extra_context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request) and self._second_factor_opens(request):
            return verification_redirect(request)
        return super().change_view(request, object_id, form_url, extra_context)
