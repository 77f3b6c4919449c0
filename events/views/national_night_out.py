"""National Night Out: the public page, the block party form and the staff visit plan."""

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache

from events import selectors
from events.errors import EventsError
from events.forms import BlockPartyForm
from events.rules.national_night_out import (
    block_party_registration_open,
    first_tuesday_of_august,
)
from events.services.block_parties import register_block_party
from pasadena_pd.access import needs_second_factor, refusal
from pasadena_pd.permissions import can
from pasadena_pd.public_forms import count_submission, hold_at_limit, too_many

RATE_SCOPE = "events-block-party"


def _the_night(today):
    year = selectors.upcoming_nno_year(today)
    return year, selectors.national_night_out(year)


def national_night_out(request):
    today = timezone.localdate()
    year, night = _the_night(today)
    return render(
        request,
        "events/national_night_out.html",
        {
            "year": year,
            "night": night,
            "is_moved": night != first_tuesday_of_august(year),
            # Lazy: the page's kept part ({% kept_until_change %}) needs no query.
            "kickoff": SimpleLazyObject(lambda: selectors.nno_kickoff(night)),
            "parties_by_area": SimpleLazyObject(lambda: selectors.approved_parties_by_area(year)),
            "registration_open": block_party_registration_open(night, today),
            "can_plan_visits": can(request.user, "events.view_visit_plan")
            or needs_second_factor(request.user, "events.view_visit_plan"),
        },
    )


def block_party_register(request):
    today = timezone.localdate()
    year, night = _the_night(today)
    context = {"year": year, "night": night}
    if not block_party_registration_open(night, today):
        return render(request, "events/block_party_form.html", {**context, "closed": True})
    if request.method == "POST":
        form = BlockPartyForm(request.POST, night=night, year=year)
        wait = hold_at_limit(request, RATE_SCOPE, form) if form.is_valid() else 0
        if form.is_valid() and not wait:
            try:
                register_block_party(**form.party_fields())
            except EventsError as error:
                form.add_error(None, str(error))
            else:
                count_submission(request, RATE_SCOPE)
                # The same answer for a new host and a known one (issue 14): the link to
                # confirm, or the existing party's link, goes by email only.
                return redirect("events:block_party_sent")
        if wait:
            context["form"] = form
            return too_many(render(request, "events/block_party_form.html", context), wait)
        status = 400
    else:
        form = BlockPartyForm(night=night, year=year)
        status = 200
    return render(request, "events/block_party_form.html", {**context, "form": form}, status=status)


@never_cache
def block_party_sent(request):
    return render(request, "events/block_party_sent.html")


@never_cache
def visit_plan(request, year):
    """Hosts' names, addresses and phones: coordinators with a verified second factor."""
    refused = refusal(request, "events.view_visit_plan")
    if refused is not None:
        return refused
    if not 2000 <= year <= 2100:
        raise Http404
    night = selectors.national_night_out(year)
    kickoff = selectors.nno_kickoff(night)
    plan = selectors.visit_plan(year, start_after=kickoff.ends_at if kickoff else None)
    return render(
        request,
        "events/visit_plan.html",
        {"year": year, "night": night, "kickoff": kickoff, "plan": plan},
    )
