"""Views for tests/pasadena_pd/test_page_cache.py: a page, a form page, a no-store page."""

from collections import Counter

from django.http import HttpResponse
from django.template import RequestContext, Template
from django.urls import path
from django.views.decorators.cache import never_cache

from outreach.models import Area
from pasadena_pd.page_cache import form_nonce

calls = Counter()
FORM = Template('<form method="post">{% csrf_token %}<button>Send</button></form>')


def areas(request):
    calls["areas"] += 1
    names = ", ".join(Area.objects.values_list("name", flat=True))
    return HttpResponse(f"Areas: {names}; q={request.GET.get('q', '')}")


def form(request):
    calls["form"] += 1
    if request.method == "POST":
        return HttpResponse("Thank you")
    return HttpResponse(FORM.render(RequestContext(request)))


@never_cache
def private(request):
    calls["private"] += 1
    return HttpResponse("Your own page")


@never_cache
def once_form(request):
    """A form with its own one-time key (like the request form's double-submit guard)."""
    calls["once_form"] += 1
    return HttpResponse(f'<input name="key" value="{form_nonce(request)}">')


def big(request):
    """A large public text answer with validators, like a calendar feed."""
    calls["big"] += 1
    response = HttpResponse("BEGIN:VCALENDAR\n" * 200, content_type="text/calendar")
    response["ETag"] = '"feed-1"'
    response["Cache-Control"] = "public, no-cache"
    return response


def big_form(request):
    calls["big_form"] += 1
    return HttpResponse(FORM.render(RequestContext(request)) + "x" * 2000)


urlpatterns = [
    path("big/", big, name="big"),
    path("big-form/", big_form, name="big_form"),
    path("once-form/", once_form, name="once_form"),
    path("areas/", areas, name="areas"),
    path("form/", form, name="form"),
    path("private/", private, name="private"),
]
