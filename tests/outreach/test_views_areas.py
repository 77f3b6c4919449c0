import pytest

pytestmark = pytest.mark.django_db


def test_each_area_links_to_the_form_with_the_area_preselected(client, area):
    page = client.get("/outreach/areas/").content.decode()
    assert 'href="/outreach/request/?area=central"' in page
    assert "Officer Aiko Tanaka" in page


def test_navigation_points_at_the_request_form(client, db):
    page = client.get("/").content.decode()
    assert 'href="/outreach/request/"' in page
