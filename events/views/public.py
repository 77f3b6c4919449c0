"""The public calendar: list, archive, month view, event page and registration."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from events import selectors
from events.calendar_html import written_entries
from events.calendar_month import FIRST_YEAR, LAST_YEAR, parse_month
from events.errors import EventsError, PartyTooLarge
from events.forms import EventFilterForm, RegistrationForm
from events.models import Event
from events.rules.registration import places_left, registration_refusal
from events.services.registrations import register_for_event
from pasadena_pd.public_forms import count_submission, hold_at_limit, too_many

PAGE_SIZE = 10
RATE_SCOPE = "events-registration"


def event_list(request):
    form = EventFilterForm(request.GET or None)

    def the_page():
        events = form.filter(selectors.with_places(selectors.public_events().upcoming()))
        return Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))

    page = SimpleLazyObject(the_page)  # lazy: a kept list ({% kept_until_change %}) needs no query
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page": page,
            "events": SimpleLazyObject(lambda: page.object_list),
            "query": query.urlencode(),
        },
    )


def event_archive(request):
    page = Paginator(selectors.public_events().past(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "events/event_archive.html", {"page": page, "events": page.object_list})


def event_calendar(request):
    today = timezone.localdate()
    month, unreadable = parse_month(request.GET.get("month"), today)
    weeks = month.weeks()

    def the_days():
        entries = written_entries(selectors.calendar_entries(month))
        # Each day's cell: its classes, its number and its entries (no lookups in the template).
        cells = [
            [
                (
                    ("" if day.month == month.month else "calendar-other-month")
                    + (" calendar-today" if day == today else ""),
                    day.day,
                    entries.get(day, []),
                )
                for day in week
            ]
            for week in weeks
        ]
        return cells, sorted(entries.items())

    days = SimpleLazyObject(the_days)  # lazy: a kept month ({% kept_until_change %}) needs no query
    return render(
        request,
        "events/event_calendar.html",
        {
            "month": month,
            "weekdays": weeks[0],
            "weeks": SimpleLazyObject(lambda: days[0]),
            "days_with_events": SimpleLazyObject(lambda: days[1]),
            "unreadable": unreadable,
            "today": today,
            "show_previous": month.previous.year >= FIRST_YEAR,
            "show_next": month.next.year <= LAST_YEAR,
        },
    )


def event_detail(request, slug, form=None, too_large=None):
    # Kept by the process until the data changes; its sessions are read by the page's kept
    # part ({% kept_until_change %}) only when it is rendered.
    event = selectors.public_event(slug)
    if event is None:
        raise Http404
    left = places_left(event.capacity, event.confirmed_people)
    refusal = registration_refusal(event, now=timezone.now())
    new_form = form is None and not refusal
    if new_form:
        # Built only if its fields are rendered: a new form's are kept, and building a form
        # copies every field.
        form = SimpleLazyObject(lambda: RegistrationForm(event=event))
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "places_left": left,
            "refusal": refusal,
            "form": form,
            "new_form": new_form,
            "too_large": too_large,
        },
        status=400 if form is not None and not new_form else 200,
    )


@require_POST
def event_register(request, slug):
    event = get_object_or_404(Event, slug=slug, published=True)
    data = request.POST
    if data.get("fewer", "").isdigit():  # "Register N people" after PartyTooLarge
        data = data.copy()
        data["party_size"] = data["fewer"]
    form = RegistrationForm(data, event=event)
    if not form.is_valid():
        return event_detail(request, slug, form=form)
    wait = hold_at_limit(request, RATE_SCOPE, form)
    if wait:
        return too_many(event_detail(request, slug, form=form), wait)
    try:
        register_for_event(
            event=event,
            name=form.cleaned_data["name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            party_size=form.cleaned_data["party_size"],
            waitlist_if_too_large=data.get("waitlist") == "all",
        )
    except PartyTooLarge as too_large:
        form.add_error("party_size", str(too_large))
        return event_detail(request, slug, form=form, too_large=too_large)
    except EventsError as error:
        messages.error(request, str(error))
        return redirect(event)
    # Counted also when the address was registered already: an email went out again.
    count_submission(request, RATE_SCOPE)
    # The same answer for a new address and a registered one (issue 14): the registrant
    # learns the outcome, and gets the private link, by email only.
    return redirect("events:register_sent", slug=event.slug)


@never_cache
def event_register_sent(request, slug):
    event = get_object_or_404(Event, slug=slug, published=True)
    return render(request, "events/registration_sent.html", {"event": event})
