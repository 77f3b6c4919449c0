import pytest
from django.contrib.contenttypes.models import ContentType

from outreach.models import Area
from pasadena_pd.models import StateChange

pytestmark = pytest.mark.django_db


@pytest.fixture
def change():
    area = Area.objects.create(name="Northwest", slug="northwest")
    return StateChange.objects.create(
        content_type=ContentType.objects.get_for_model(area),
        object_id=area.pk,
        from_state="submitted",
        to_state="approved",
        actor_label="system",
        reason="weekend exception accepted",
    )


def test_history_is_listed_and_readable_in_admin(admin_client, change):
    listing = admin_client.get("/admin/pasadena_pd/statechange/")
    detail = admin_client.get(f"/admin/pasadena_pd/statechange/{change.pk}/change/")

    assert listing.status_code == 200
    assert "weekend exception accepted" in detail.text
    assert 'name="reason"' not in detail.text  # shown, not editable


def test_nobody_can_add_change_or_delete_history(admin_client, change):
    assert admin_client.get("/admin/pasadena_pd/statechange/add/").status_code == 403
    admin_client.post(
        f"/admin/pasadena_pd/statechange/{change.pk}/change/", {"reason": "rewritten"}
    )
    assert (
        admin_client.post(
            f"/admin/pasadena_pd/statechange/{change.pk}/delete/", {"post": "yes"}
        ).status_code
        == 403
    )

    change.refresh_from_db()
    assert change.reason == "weekend exception accepted"
    assert StateChange.objects.count() == 1


@pytest.mark.parametrize("year", ["9999", "2147483648", "0"])
def test_out_of_range_history_years_are_a_bad_filter_not_an_error(admin_client, change, year):
    response = admin_client.get(f"/admin/pasadena_pd/statechange/?changed_at__year={year}")

    assert response.status_code == 302
    assert response["Location"].endswith("?e=1")
