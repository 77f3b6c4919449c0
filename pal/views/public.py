"""Public PAL pages: the program, the enrollment form, a family's private status page.

No member data on any page without a private token; the enrollment POST is never echoed
into error reports (sensitive_post_parameters).
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from pal.errors import ConsentError, EnrollmentError
from pal.forms import ConsentForm, EnrollmentForm, PickUpPersonForm
from pal.models import Enrollment, Guardian, ProgramTerm
from pal.models.enrollment import ENROLLMENT_WORKFLOW
from pal.next_steps import center_hours, next_steps
from pal.rules import eligibility
from pal.selectors import decline_reason
from pal.services import enrollments, pick_up
from pal.services.confirmation import confirm_enrollment
from pal.services.consent import current_version, needs_new_consent, renew_consent
from pasadena_pd.confirmation import expires_at, has_expired
from pasadena_pd.permissions import LinkHolder, can
from pasadena_pd.public_forms import count_submission, hold_at_limit, too_many
from pasadena_pd.workflow import TransitionError

RATE_SCOPE = "pal-enroll"


class IndexView(TemplateView):
    template_name = "pal/index.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        return super().get_context_data(
            **kwargs,
            open_terms=ProgramTerm.objects.open_for_enrollment(today).prefetch_related(
                "activities"
            ),
            center_hours=center_hours(),
            can_use_staff_area=can(self.request.user, "pal.use_staff_area"),
            min_age=eligibility.MIN_AGE,
            max_age=eligibility.MAX_AGE,
        )


def _family(request):
    """The guardian of a family enrolling another child (private token in the query)."""
    token = request.GET.get("family", "")
    if not token:
        return None
    return Guardian.objects.filter(token=token).first()


@method_decorator(never_cache, name="dispatch")
@method_decorator(sensitive_post_parameters(), name="dispatch")
class EnrollView(TemplateView):
    template_name = "pal/enrollment_form.html"

    def get_context_data(self, **kwargs):
        # static/js/pal.js shows the summer classes or the transportation fields by term.
        summer_terms = ProgramTerm.objects.open_for_enrollment(timezone.localdate()).filter(
            kind=ProgramTerm.Kind.SUMMER
        )
        return super().get_context_data(
            **kwargs, summer_term_ids=[str(pk) for pk in summer_terms.values_list("pk", flat=True)]
        )

    def get(self, request, *args, **kwargs):
        guardian = _family(request)
        form = EnrollmentForm(guardian=guardian, initial=self._initial(guardian))
        return self.render_to_response(self.get_context_data(form=form, guardian=guardian))

    def post(self, request, *args, **kwargs):
        guardian = _family(request)
        form = EnrollmentForm(request.POST, guardian=guardian)
        wait = hold_at_limit(request, RATE_SCOPE, form) if form.is_valid() else 0
        if wait:
            context = self.get_context_data(form=form, guardian=guardian)
            return too_many(self.render_to_response(context), wait)
        if form.is_valid():
            try:
                enrollments.apply_for_enrollment(
                    term=form.cleaned_data["term"],
                    guardian=guardian,
                    guardian_data=form.guardian_data(),
                    child_data=form.child_data(),
                    contacts=form.contacts(),
                    activities=list(form.cleaned_data["activities"]),
                    today=form.today,
                )
            except EnrollmentError as error:
                form.add_error(None, str(error))
            else:
                count_submission(request, RATE_SCOPE)
                # The same answer whether the child is new or already enrolled: the outcome
                # goes by email, so the form never tells who is a member.
                return redirect("pal:enrollment_sent")
        return self.render_to_response(self.get_context_data(form=form, guardian=guardian))

    def _initial(self, guardian):
        """Another child of the same family: the emergency contacts are usually the same."""
        initial = {}
        terms = ProgramTerm.objects.open_for_enrollment(timezone.localdate())
        if len(terms) == 1:
            initial["term"] = terms[0]
        if guardian is None:
            return initial
        last = guardian.enrollments.order_by("-created_at").first()
        if last is not None:
            initial["term"] = last.term
            for number, contact in enumerate(last.emergency_contacts.all()[:2], start=1):
                initial[f"contact{number}_name"] = contact.name
                initial[f"contact{number}_relationship"] = contact.relationship
                initial[f"contact{number}_phone"] = contact.phone
        return initial


@method_decorator(never_cache, name="dispatch")
class EnrollmentSentView(TemplateView):
    template_name = "pal/enrollment_sent.html"


@never_cache
def application_status(request, token):
    """The family's private page: this application and the family's other children."""
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("term", "guardian", "advisor"), token=token
    )
    if enrollment.status == Enrollment.Status.UNCONFIRMED:
        # Not confirmed: the guardian's name only, nothing else typed into the form.
        return render(
            request,
            "pal/application_unconfirmed.html",
            {
                "enrollment": enrollment,
                "expires_at": expires_at(enrollment.created_at),
                "expired": has_expired(enrollment.created_at, timezone.now()),
            },
        )
    return _status_page(request, enrollment)


@never_cache
@require_POST
def application_confirm(request, token):
    """The guardian opened the emailed link and confirms: the place is decided now. A new
    child and one already enrolled get the same answer (the outcome goes by email)."""
    enrollment = get_object_or_404(Enrollment, token=token)
    try:
        confirm_enrollment(enrollment, by=LinkHolder(token, "guardian"), today=timezone.localdate())
    except EnrollmentError as error:
        messages.error(request, str(error))
        return redirect(enrollment.get_status_url())
    messages.success(request, _("Thank you: your email address is confirmed."))
    return redirect("pal:enrollment_sent")


def _status_page(request, enrollment, pick_up_form=None, status=200, consent_form=None):
    family = (
        enrollment.guardian.enrollments.exclude(pk=enrollment.pk)
        .select_related("term")
        .order_by("created_at")
    )
    return render(
        request,
        "pal/application_status.html",
        {
            "enrollment": enrollment,
            "family": family,
            "signups": enrollment.activity_signups.select_related("activity"),
            "can_withdraw": Enrollment.Status.WITHDRAWN
            in ENROLLMENT_WORKFLOW.targets(enrollment, LinkHolder(enrollment.token, "guardian")),
            "next_steps": next_steps(enrollment, decline_reason=decline_reason(enrollment)),
            "pick_up_people": enrollment.pick_up_people.all(),
            "pick_up_form": pick_up_form or PickUpPersonForm(),
            "pick_up_open": enrollment.status
            not in (Enrollment.Status.DECLINED, Enrollment.Status.WITHDRAWN),
            "consent_form": consent_form or _consent_form_if_due(enrollment),
        },
        status=status,
    )


@never_cache
@require_POST
@sensitive_post_parameters()
def pick_up_add(request, token):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("term", "guardian"), token=token
    )
    form = PickUpPersonForm(request.POST)
    if not form.is_valid():
        return _status_page(request, enrollment, pick_up_form=form)
    try:
        pick_up.add_pick_up_person(enrollment, **form.cleaned_data)
    except EnrollmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Added to the pick-up list."))
    return redirect(enrollment.get_status_url())


def _consent_form_if_due(enrollment):
    """The consent wording changed since the family signed: ask them to consent again."""
    if needs_new_consent(enrollment, current_version()):
        return ConsentForm(enrollment=enrollment)
    return None


@never_cache
@require_POST
@sensitive_post_parameters()
def consent_again(request, token):
    enrollment = get_object_or_404(
        Enrollment.objects.select_related("term", "guardian"), token=token
    )
    form = ConsentForm(request.POST, enrollment=enrollment)
    if not form.is_valid():
        return _status_page(request, enrollment, consent_form=form, status=400)
    try:
        renew_consent(
            enrollment,
            version=form.consent,
            consent_participation=form.cleaned_data["consent_participation"],
            consent_transportation=form.cleaned_data.get("consent_transportation", False),
            media_consent=form.cleaned_data["media_consent"],
            signature=form.cleaned_data["signature"],
        )
    except ConsentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you: your consent is recorded."))
    return redirect(enrollment.get_status_url())


@never_cache
@require_POST
def pick_up_remove(request, token, pk):
    enrollment = get_object_or_404(Enrollment, token=token)
    try:
        pick_up.remove_pick_up_person(enrollment, pk)
    except EnrollmentError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Removed from the pick-up list."))
    return redirect(enrollment.get_status_url())


@never_cache
@require_POST
def application_withdraw(request, token):
    enrollment = get_object_or_404(Enrollment, token=token)
    try:
        enrollments.withdraw_enrollment(enrollment, by=LinkHolder(token, "guardian"))
    except TransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The application is withdrawn."))
    return redirect(enrollment.get_status_url())
