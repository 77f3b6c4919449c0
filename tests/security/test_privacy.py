"""No resident's or child's personal data on any public page or public feed."""

import io

import pytest
from django.core.management import call_command

from tests.security.privacy import crawl_public_site, personal_values

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(settings):
    settings.PUBLIC_FORM_RATE = "0"
    call_command("seed_demo", stdout=io.StringIO())


def test_demo_data_has_personal_values_to_look_for(demo_data):
    values = personal_values()
    assert any(source.startswith("pal.Enrollment") for source in values.values())
    assert any(source.startswith("pal.Guardian") for source in values.values())


def test_no_public_page_or_feed_shows_personal_data(client, demo_data):
    values = personal_values()
    pages = crawl_public_site(client)

    leaks = [
        f"{path}: {source} {value!r}"
        for path, body in pages.items()
        for value, source in values.items()
        if value in body
    ]
    assert len([path for path, body in pages.items() if body]) >= 5
    assert any(path.endswith(".ics") for path in pages)  # the public feeds are searched too
    assert leaks == []


def test_a_private_page_is_not_reachable_by_links_from_public_pages(client, demo_data):
    pages = crawl_public_site(client)
    private = [
        path
        for path in pages
        if any(part in path for part in ("/applications/", "/requests/", "/registrations/"))
    ]
    assert private == []
