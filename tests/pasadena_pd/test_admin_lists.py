"""The quicker change list parts (pasadena_pd/admin_lists.py) write the same HTML as Django."""

import datetime
import re
from types import MethodType

import pytest
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.views.main import ChangeList

from outreach.models import PresentationRequest, ResourceBooking
from pasadena_pd.admin_lists import QuickChangeListMixin
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def quick_admins():
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, QuickChangeListMixin)
    ]


@pytest.mark.parametrize("model", [PresentationRequest, ResourceBooking])
def test_the_outreach_change_lists_use_the_quick_parts(model):
    assert admin.site._registry[model] in quick_admins()


@pytest.mark.parametrize("model_admin", quick_admins(), ids=lambda a: a.model.__name__)
def test_the_action_checkbox_is_the_one_django_renders(model_admin):
    from events.models import Event, Registration
    from outreach.models import SpecialResource
    from pal.models import Enrollment, ProgramTerm

    obj = model_admin.model(pk=42)
    if isinstance(obj, ResourceBooking):  # named by its resource
        obj.resource = SpecialResource(code="k9", name="K-9 <officer>")
    if isinstance(obj, Registration):  # named by its event
        obj.event = Event(title="Coffee <with> a cop")
    if isinstance(obj, Enrollment):  # named with its term
        obj.term = ProgramTerm(name="School year <2026>")

    quick = model_admin.action_checkbox(obj)

    assert quick == admin.ModelAdmin.action_checkbox(model_admin, obj)


def test_each_rows_link_is_the_one_django_reverses(rf, admin_user):
    model_admin = admin.site._registry[PresentationRequest]
    request = rf.get("/admin/outreach/presentationrequest/")
    request.user = admin_user
    changelist = model_admin.get_changelist_instance(request)
    row = PresentationRequest(pk=1234, area=AreaFactory.build())

    assert changelist.url_for_result(row) == ChangeList.url_for_result(changelist, row)
    assert changelist.url_for_result(row) == "/admin/outreach/presentationrequest/1234/change/"


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("query", ["", "?o=-2.5", "?status__exact=pending_review&q=watch"])
def test_the_quick_rows_are_the_html_django_writes(rf, admin_user, monkeypatch, query, language):
    from django.contrib.admin.templatetags.admin_list import items_for_result
    from django.utils import translation

    from pasadena_pd.admin_rows import quick_rows
    from tests.factories import SpecialistFactory
    from tests.outreach.factories import PresentationRequestFactory

    PresentationRequestFactory(title="<b>Watch</b> & friends", specialist=None)
    PresentationRequestFactory(title="Watch two", specialist=SpecialistFactory())
    PresentationRequestFactory(title="Watch three", kind="business_watch")
    model_admin = admin.site._registry[PresentationRequest]
    request = rf.get("/admin/outreach/presentationrequest/" + query)
    request.user = admin_user
    with translation.override(language):
        changelist = model_admin.get_changelist_instance(request)
        quick = ["".join(row) for row in quick_rows(changelist)]
        with monkeypatch.context() as patch:  # Django's own list, of model objects
            patch.setattr(model_admin, "get_changelist", lambda request, **kwargs: ChangeList)
            objects = model_admin.get_changelist_instance(request)
        django = ["".join(items_for_result(objects, row, None)) for row in objects.result_list]

    assert changelist.row_paths is not None  # written from values, without model objects
    assert len(quick) == 3
    assert quick == django
    assert "&lt;b&gt;Watch&lt;/b&gt; &amp; friends" in "".join(quick)


def test_the_requests_change_list_page_shows_each_request_with_its_link(admin_client):
    from tests.outreach.factories import PresentationRequestFactory

    shown = PresentationRequestFactory(title="Block club social")

    page = admin_client.get("/admin/outreach/presentationrequest/?q=club").content.decode()

    assert (
        f'<a href="/admin/outreach/presentationrequest/{shown.pk}/change/'
        '?_changelist_filters=q%3Dclub">Block club social</a>' in page
    )
    assert 'class="action-select"' in page


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_kept_sidebar_is_the_app_list_django_renders(rf, admin_user, language):
    from django.template import Context
    from django.template.loader import get_template
    from django.utils import translation

    from pasadena_pd.templatetags.quick_admin_list import quick_app_list

    request = rf.get("/admin/outreach/presentationrequest/")
    request.user = admin_user
    with translation.override(language):
        apps = admin.site.get_app_list(request)
        django = get_template("admin/app_list.html").render(
            {"app_list": apps, "show_changelinks": False, "request": request}
        )
        first = quick_app_list(Context({"request": request}), apps, False)
        again = quick_app_list(Context({"request": request}), apps, False)

    assert first == again == django
    assert 'class="app-outreach module current-app"' in first


def test_each_user_gets_the_sidebar_of_their_own_links(verified_client, admin_user):
    from tests.factories import UserFactory

    helper = UserFactory(is_staff=True)  # no role: sees no model
    change_list = verified_client(admin_user).get("/admin/outreach/presentationrequest/")
    helper_page = verified_client(helper).get("/admin/password_change/").content.decode()

    assert '<a href="/admin/auth/user/">' in change_list.content.decode()
    assert '<a href="/admin/auth/user/">' not in helper_page


def _without_csrf_tokens(page: str) -> str:
    # Each render masks the CSRF token anew.
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', 'name="csrfmiddlewaretoken"', page)


@pytest.fixture
def requests_over_seven_years():
    from django.utils import timezone

    from tests.factories import SpecialistFactory
    from tests.outreach.factories import PresentationRequestFactory

    area = SpecialistFactory().area
    today = timezone.localdate()
    PresentationRequestFactory(title="<b>Watch</b> & friends", area=area, date=today)
    PresentationRequestFactory(
        title="Watch two", date=today + datetime.timedelta(days=400), specialist=SpecialistFactory()
    )
    PresentationRequestFactory(
        title="Watch three", kind="business_watch", date=today + datetime.timedelta(days=800)
    )
    PresentationRequestFactory(title="Safety fair", area=area, status="scheduled", date=today)
    PresentationRequestFactory(title="Harvest fair", date=today + datetime.timedelta(days=800))
    PresentationRequestFactory(title="Distant parade", date=today + datetime.timedelta(days=2400))
    return today


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize(
    "query",
    [
        "",
        "?p=2",
        "?o=-2.5",
        "?status__exact=pending_review&q=watch",
        "?q=watch",  # three years in a row
        "?q=fair",  # a year with none between two with some
        "?q=no+such+request",
        "?when=next7",
        "?mine=yes",
        "?date__year={year}",
        "?date__year={year}&date__month={month}",
        "?kind__exact=business_watch&weekend=no",
        "?_popup=1",  # Django's own rows
        "?_facets=1&area__id__exact=1",  # the filters with their counts
    ],
)
def test_the_requests_change_list_page_is_the_page_django_writes(
    admin_client, monkeypatch, requests_over_seven_years, query, language
):
    today = requests_over_seven_years
    url = "/admin/outreach/presentationrequest/" + query.format(year=today.year, month=today.month)
    monkeypatch.setattr(admin.site._registry[PresentationRequest], "list_per_page", 4)

    quick, django = pages_quick_and_django(
        admin_client, monkeypatch, PresentationRequest, url, language
    )

    assert quick == django


def pages_quick_and_django(client, monkeypatch, model, url, language):
    """The page as the quick change list writes it, then as Django's own parts write it."""
    from django.contrib.admin.views.main import ChangeList

    model_admin = admin.site._registry[model]
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    quick = client.get(url, **headers)
    monkeypatch.setattr(model_admin, "change_list_template", None)
    monkeypatch.setattr(model_admin, "action_form", helpers.ActionForm)
    monkeypatch.setattr(model_admin, "get_changelist", lambda request, **kwargs: ChangeList)
    monkeypatch.setattr(
        model_admin, "action_checkbox", MethodType(admin.ModelAdmin.action_checkbox, model_admin)
    )
    django = client.get(url, **headers)
    assert quick.status_code == django.status_code == 200
    return (
        _without_csrf_tokens(quick.content.decode()),
        _without_csrf_tokens(django.content.decode()),
    )


@pytest.mark.parametrize("language", ["en", "es"])
@pytest.mark.parametrize("query", ["", "?state__exact=pending_preplanning", "?q=watch", "?p=2"])
def test_the_bookings_change_list_page_is_the_page_django_writes(
    admin_client, monkeypatch, query, language
):
    from outreach.models import SpecialResource
    from outreach.services.bookings import allocate_bookings
    from tests.outreach.factories import PresentationRequestFactory

    resources = [
        SpecialResource.objects.create(code=code, name=name, lead_time_days=7, units=5)
        for code, name in (("k9", "K-9 officer"), ("helicopter", "Helicopter flyover"))
    ]
    for title in ("<b>Watch</b> & friends", "Safety fair", "Watch three"):
        allocate_bookings(PresentationRequestFactory(title=title, resources=resources))
    monkeypatch.setattr(admin.site._registry[ResourceBooking], "list_per_page", 4)
    url = "/admin/outreach/resourcebooking/" + query

    quick, django = pages_quick_and_django(
        admin_client, monkeypatch, ResourceBooking, url, language
    )

    assert quick == django
    assert quick.count('class="action-select"') == (2 if query == "?p=2" else 4)
