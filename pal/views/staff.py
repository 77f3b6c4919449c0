"""The PAL staff area: PAL Staff see every member, a Youth Advisor only their own, anyone
else gets a 404 (the area does not admit it holds anything). Every page is never_cache."""

import csv
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from pal import selectors
from pal.errors import EnrollmentError
from pal.forms import DayForm, DecisionForm, GradeForm, NoteForm, RosterFilterForm
from pal.models import Enrollment, YouthAdvisor
from pal.models.enrollment import ENROLLMENT_WORKFLOW
from pal.permissions import advisor_profile, sees_every_member
from pal.services import advising, enrollments
from pal.services.consent import current_version, needs_new_consent
from pasadena_pd.permissions import can
from pasadena_pd.security.otp import redirect_to_two_factor, two_factor_would_open
from pasadena_pd.workflow import TransitionError, history_of


def pal_area(view):
    """`pal.use_staff_area` only (PAL Staff or Youth Advisors, with a verified second
    factor); others see a 404, nothing more. A PAL role without its second factor yet is
    sent to finish signing in. Posted values (a minor's GPA, notes) are kept out of error
    reports."""

    @wraps(view)
    @never_cache
    @sensitive_post_parameters()
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not can(request.user, "pal.use_staff_area"):
            if two_factor_would_open(request.user, "pal.use_staff_area"):
                return redirect_to_two_factor(request)
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


def _visible_member(request, pk):
    return get_object_or_404(
        Enrollment.objects.visible_to(request.user).select_related(
            "term", "guardian", "campus", "advisor", "consent_version"
        ),
        pk=pk,
    )


@pal_area
def dashboard(request):
    today = timezone.localdate()
    return render(
        request,
        "pal/staff/dashboard.html",
        {
            "is_pal_staff": sees_every_member(request.user),
            "advisor": advisor_profile(request.user),
            "to_review": selectors.applications_to_review(request.user),
            "members": selectors.listed_members(selectors.roster(request.user)),
            "support_cases": selectors.needs_support(request.user, today),
        },
    )


@pal_area
def member_detail(request, pk):
    enrollment = _visible_member(request, pk)
    context = {
        "enrollment": enrollment,
        "contacts": enrollment.emergency_contacts.all(),
        "signups": enrollment.activity_signups.select_related("activity"),
        "grades": enrollment.grade_records.select_related("period").order_by("period__starts_on"),
        "notes": enrollment.advisor_notes.all(),
        "history": history_of(enrollment),
        "grade_form": GradeForm(enrollment=enrollment),
        "note_form": NoteForm(initial={"date": timezone.localdate()}),
        "is_pal_staff": sees_every_member(request.user),
        "consent_outdated": needs_new_consent(enrollment, current_version()),
    }
    targets = ENROLLMENT_WORKFLOW.targets(enrollment, request.user)
    context["can_accept"] = Enrollment.Status.ACCEPTED in targets
    context["can_decline"] = Enrollment.Status.DECLINED in targets
    context["can_withdraw"] = Enrollment.Status.WITHDRAWN in targets
    if context["can_accept"] or context["can_decline"]:
        context["decision_form"] = DecisionForm(
            initial={"advisor": YouthAdvisor.objects.suggested()}
        )
        context["waitlist_position"] = enrollment.waitlist_position()
    return render(request, "pal/staff/member_detail.html", context)


@pal_area
def decide(request, pk):
    enrollment = _visible_member(request, pk)
    if not can(request.user, "pal.decide_application", enrollment):
        raise PermissionDenied  # an advisor sees the member, but PAL Staff decide
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = DecisionForm(request.POST)
    action = request.POST.get("action")
    if not form.is_valid() or action not in {"accept", "decline", "withdraw"}:
        messages.error(request, _("Please check the decision and try again."))
        return redirect(enrollment)
    try:
        if action == "accept":
            enrollments.accept_enrollment(
                enrollment,
                by=request.user,
                advisor=form.cleaned_data["advisor"],
            )
            messages.success(request, _("The application is accepted."))
        elif action == "withdraw":
            enrollments.withdraw_enrollment(enrollment, by=request.user)
            messages.success(request, _("The member is withdrawn."))
        else:
            enrollments.decline_enrollment(
                enrollment,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The application is declined."))
    except TransitionError as error:
        messages.error(request, str(error))
    return redirect(enrollment)


@pal_area
@require_POST
@sensitive_variables("form")
def record_grade(request, pk):
    enrollment = _visible_member(request, pk)
    form = GradeForm(request.POST, enrollment=enrollment)
    if form.is_valid():
        try:
            advising.record_gpa(
                enrollment=enrollment,
                period=form.cleaned_data["period"],
                gpa=form.cleaned_data["gpa"],
                by=request.user,
            )
        except (TransitionError, EnrollmentError) as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The GPA is recorded."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(enrollment)


@pal_area
@require_POST
@sensitive_variables("form")
def add_note(request, pk):
    enrollment = _visible_member(request, pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            advising.add_advisor_note(enrollment=enrollment, by=request.user, **form.cleaned_data)
        except TransitionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The note is saved."))
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect(enrollment)


def _filtered_roster(request):
    form = RosterFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.roster(
        request.user,
        term=filters.get("term"),
        activity=filters.get("activity"),
        campus=filters.get("campus"),
    )
    return form, members


@pal_area
def roster(request):
    form, members = _filtered_roster(request)
    return render(
        request,
        "pal/staff/roster.html",
        {
            "form": form,
            "members": selectors.listed_members(
                members, campus_name=F("campus__name"), guardian_phone=F("guardian__phone")
            ),
            "query": request.GET.urlencode(),
        },
    )


@pal_area
@sensitive_variables("members", "writer")
def roster_csv(request):
    _form, members = _filtered_roster(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="pal-roster.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            _("Last name"),
            _("First name"),
            _("Date of birth"),
            _("Term"),
            _("School"),
            _("Grade"),
            _("Pick-up campus"),
            _("Youth Advisor"),
            _("Guardian"),
            _("Guardian phone"),
        ]
    )
    for member in members:
        writer.writerow(
            [
                _csv_safe(member.last_name),
                _csv_safe(member.first_name),
                member.date_of_birth.isoformat(),
                _csv_safe(member.term.name),
                _csv_safe(member.school),
                member.grade,
                _csv_safe(member.campus.name if member.campus else ""),
                _csv_safe(member.advisor.name if member.advisor else ""),
                _csv_safe(member.guardian.name),
                _csv_safe(member.guardian.phone),
            ]
        )
    return response


def _csv_safe(value: str) -> str:
    """Spreadsheets run cells that start with = + - @ as formulas; neutralise them."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@pal_area
def needs_support(request):
    return render(
        request,
        "pal/staff/needs_support.html",
        {"cases": selectors.needs_support(request.user, timezone.localdate())},
    )


@pal_area
def transportation(request):
    form = DayForm(request.GET or None)
    day = (form.cleaned_data.get("day") if form.is_valid() else None) or timezone.localdate()
    return render(
        request,
        "pal/staff/transportation.html",
        {
            "form": form,
            "day": day,
            "day_label": date_format(day, _("l, F j, Y")),
            "groups": selectors.transportation_roster(request.user, day),
        },
    )
