import contextlib
import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib import messages
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django.views.generic import ListView

from outreach import closed_days, selectors
from outreach.forms import PresentationRequestForm
from outreach.models import Area, PresentationRequest
from outreach.permissions import LinkHolder
from outreach.services.submission import (
    REQUEST_FIELDS,
    REQUESTER,
    ConfirmationRefused,
    cancel_request,
    confirm_request,
    submit_request,
)
from outreach.workflow import REQUEST_WORKFLOW
from pasadena_pd.confirmation import expires_at, has_expired
from pasadena_pd.page_cache import form_nonce
from pasadena_pd.public_forms import (
    count_submission,
    limit_message,
    seconds_until_allowed,
    too_many,
)
from pasadena_pd.tokens import new_token
from pasadena_pd.workflow import TransitionError, history_of

RATE_SCOPE = "outreach-request"
PREFILL_FIELDS = ("kind", "title", "date", "start_time", "end_time", "area", "location")
# Everything the resident typed, and the form's one-time key.
REFILL_FIELDS = (*REQUEST_FIELDS, "submission_key")


class AreaListView(ListView):
    """Find your Neighborhood Police Specialist."""

    template_name = "outreach/area_list.html"
    context_object_name = "areas"

    def get_queryset(self):
        return Area.objects.select_related("specialist").order_by("name")


def _asked_date(value, today: datetime.date) -> datetime.date:
    """The date typed or prefilled in the form (what its date field holds), else today."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value or ""))
    except ValueError:
        return today


def _date_held(form):
    """What the form's date field holds, read without building a bound field (whose help
    text would draw on the rules)."""
    return form.data.get("date") if form.is_bound else form.initial.get("date")


def _render_form(request, form, *, findings=(), next_dates=(), status=200):
    """The form page for a bound or refilled form (the new form of a GET: `_render_new_form`)."""
    return _render(
        request, lambda: form, form.today, _date_held(form), findings, next_dates, status
    )


def _render_new_form(request, initial, today):
    """A GET's new form, built only if its fields are rendered: they are kept
    ({% kept_until_change %}), and building a form copies every field."""
    return _render(
        request,
        lambda: PresentationRequestForm(initial=initial, today=today),
        today,
        initial.get("date"),
        new_key=initial["submission_key"],
    )


def _render(
    request, build_form, today, date_held, findings=(), next_dates=(), status=200, new_key=""
):
    """The page with the form `build_form()` (called only if the page shows its fields);
    `new_key`: the one-time key of a new form (a GET)."""
    # The month view and the date's help: the closed days, from the rules module. Lazy, as
    # everything drawn from them: a GET's kept parts ({% kept_until_change %}) need none.
    rule_context = SimpleLazyObject(lambda: selectors.rules_context(today))
    policy = SimpleLazyObject(lambda: rule_context.policy)
    date_help = SimpleLazyObject(lambda: closed_days.date_help(rule_context))
    form = SimpleLazyObject(lambda: _with_date_help(build_form(), date_help))
    shown = closed_days.month_param(request.GET.get("month"), _asked_date(date_held, today))
    by_field = defaultdict(list)
    for finding in findings:
        if finding.blocking:
            by_field[finding.field or "date"].append(finding)
    context = {
        "form": form,
        "policy": policy,
        "resources": SimpleLazyObject(
            lambda: sorted(policy.resources.values(), key=lambda r: (r.lead_time_days, r.name))
        ),
        "weekend_min_hours": SimpleLazyObject(
            lambda: policy.weekend_min_duration.total_seconds() / 3600
        ),
        "last_bookable_day": SimpleLazyObject(
            lambda: today + datetime.timedelta(days=policy.max_advance_days)
        ),
        "blackouts": SimpleLazyObject(lambda: selectors.upcoming_blackouts(today, days=183)),
        "findings": findings,
        "findings_by_field": dict(by_field),
        # Every blocking finding names the same date: the nearest of the offered ones.
        "nearest_date": next((f.earliest_date for f in findings if f.blocking), None),
        "notices": [f for f in findings if not f.blocking],
        "refused": bool(by_field),
        "next_dates": next_dates,
        "month": SimpleLazyObject(lambda: closed_days.month_view(shown, rule_context)),
        "month_asked": "month" in request.GET,
        # A new form (a GET): no problems to show, and its fields are kept
        # ({% kept_until_change %} in the template); its one-time key is the response's own.
        "new_form_key": new_key,
    }
    return render(request, "outreach/request_form.html", context, status=status)


def _with_date_help(form, date_help):
    form.fields["date"].help_text = date_help
    return form


def _refilled_form(request, today) -> PresentationRequestForm:
    """The resident picked an offered date: the same answers, with that date."""
    initial = {name: request.POST.get(name, "") for name in REFILL_FIELDS}
    initial["resources"] = request.POST.getlist("resources")
    with contextlib.suppress(ValueError):
        initial["date"] = datetime.date.fromisoformat(request.POST.get("refill_date", ""))
    if not initial["submission_key"]:
        initial["submission_key"] = new_token()
    return PresentationRequestForm(initial=initial, today=today)


@never_cache
@require_http_methods(["GET", "POST"])
def request_create(request):
    """The public request form: refuses what the rules block, with the dates that pass."""
    today = timezone.localdate()
    if request.method == "GET":
        initial = {name: request.GET[name] for name in PREFILL_FIELDS if request.GET.get(name)}
        initial["resources"] = request.GET.getlist("resources")
        # Fresh in every response, also when the page comes from the page cache.
        initial["submission_key"] = form_nonce(request)
        return _render_new_form(request, initial, today)
    if "refill_date" in request.POST:
        return _render_form(request, _refilled_form(request, today))
    form = PresentationRequestForm(request.POST, today=today)
    if not form.is_valid():
        return _render_form(request, form)
    wait = seconds_until_allowed(request, RATE_SCOPE)
    submission = submit_request(
        data=form.cleaned_data,
        submission_key=form.cleaned_data["submission_key"],
        browser_key=request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
        today=today,
        at_limit=bool(wait),
    )
    if submission.held:
        form.add_error(None, limit_message(wait))
        return too_many(_render_form(request, form), wait)
    if submission.capped:
        # About this address only, and the same whatever its requests are.
        form.add_error(
            "contact_email",
            _(
                "One email address can have %(cap)s requests open at a time. When one is "
                "decided, or cancelled from the link in its email, send this one again."
            )
            % {"cap": settings.OUTREACH_OPEN_REQUESTS_PER_EMAIL},
        )
        return _render_form(request, form)
    if submission.accepted:
        if not submission.duplicate:
            count_submission(request, RATE_SCOPE)
        # The private link goes to the contact address only: it confirms the request.
        return HttpResponseRedirect(reverse("outreach:request_sent"), status=303)
    return _render_form(
        request, form, findings=submission.findings, next_dates=submission.next_dates
    )


@never_cache
def request_sent(request):
    return render(request, "outreach/request_sent.html")


@never_cache
def request_status(request, token):
    """The requester's own page, reached by the private link in their email."""
    presentation = get_object_or_404(PresentationRequest.objects.with_related(), token=token)
    unconfirmed = presentation.status == PresentationRequest.Status.UNCONFIRMED
    return render(
        request,
        "outreach/request_status.html",
        {
            "presentation": presentation,
            "expires_at": expires_at(presentation.created_at) if unconfirmed else None,
            "expired": unconfirmed and has_expired(presentation.created_at, timezone.now()),
            "can_cancel": REQUEST_WORKFLOW.can_move(
                presentation, PresentationRequest.Status.CANCELLED, LinkHolder(token, REQUESTER)
            ),
            "bookings": presentation.bookings.select_related("resource").filter(
                state__in=("pending_preplanning", "confirmed")
            ),
            "history": [
                (change.changed_at, PresentationRequest.Status(change.to_state).label)
                for change in history_of(presentation)
            ],
        },
    )


@never_cache
@require_POST
def request_confirm(request, token):
    """The contact opened the emailed link and confirms: review and bookings start now."""
    presentation = get_object_or_404(PresentationRequest, token=token)
    try:
        confirm_request(presentation, by=LinkHolder(token, REQUESTER))
    except (ConfirmationRefused, TransitionError) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: your email address is confirmed."))
    status_url = reverse("outreach:request_status", kwargs={"token": token})
    return HttpResponseRedirect(status_url, status=303)


@never_cache
@require_POST
def request_cancel(request, token):
    presentation = get_object_or_404(PresentationRequest, token=token)
    status_url = reverse("outreach:request_status", kwargs={"token": token})
    reason = request.POST.get("reason", "")[:1000]
    try:
        cancel_request(
            presentation,
            by=LinkHolder(token, REQUESTER),
            reason=reason,
        )
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request is cancelled."))
    return HttpResponseRedirect(status_url, status=303)
