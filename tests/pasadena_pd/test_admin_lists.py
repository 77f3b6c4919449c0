"""The quicker change list parts (pasadena_pd/admin_lists.py) write the same HTML as Django."""

import pytest
from django.contrib import admin
from django.contrib.admin.views.main import ChangeList

from outreach.models import PresentationRequest
from pasadena_pd.admin_lists import QuickChangeListMixin
from tests.factories import AreaFactory

pytestmark = pytest.mark.django_db


def quick_admins():
    return [
        model_admin
        for model_admin in admin.site._registry.values()
        if isinstance(model_admin, QuickChangeListMixin)
    ]


def test_the_requests_change_list_uses_the_quick_parts():
    assert admin.site._registry[PresentationRequest] in quick_admins()


@pytest.mark.parametrize("model_admin", quick_admins(), ids=lambda a: a.model.__name__)
def test_the_action_checkbox_is_the_one_django_renders(model_admin):
    obj = model_admin.model(pk=42)

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
