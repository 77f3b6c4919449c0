"""The parts of every page rendered once per language and kept ({% rendered_once %}): each
visitor still gets their own language, section and token, and nothing of a page or a
visitor can end up in a kept part."""

import re

import pytest
from django.template import Context, Template

pytestmark = pytest.mark.django_db


def nav_current(html: str) -> list[str]:
    return re.findall(r'<a class="nav-link" href="([^"]+)" aria-current="page"', html)


def test_each_visitor_gets_the_header_and_footer_in_their_own_language(client):
    spanish = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    spanish_again = client.get("/", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    header = re.compile(r"<header.*</header>", re.S)

    assert "Skip to main content" in english and "In an emergency, call 9-1-1." in english
    assert "Skip to main content" not in spanish and "9-1-1" in spanish
    assert header.search(spanish_again).group() == header.search(spanish).group()
    assert header.search(english).group() != header.search(spanish).group()
    assert '<option value="en" lang="en" selected>' in english
    assert '<option value="es" lang="es" selected>' in spanish


def test_the_navigation_marks_the_section_of_each_page(client):
    assert nav_current(client.get("/").content.decode()) == []
    assert nav_current(client.get("/events/").content.decode()) == ["/events/"]
    assert nav_current(client.get("/outreach/request/").content.decode()) == ["/outreach/request/"]
    assert nav_current(client.get("/pal/").content.decode()) == ["/pal/"]
    assert nav_current(client.get("/outreach/areas/").content.decode()) == ["/outreach/areas/"]
    assert nav_current(client.get("/events/").content.decode()) == ["/events/"]


def test_each_visitor_gets_their_own_token_and_return_address(client):
    from django.test import Client

    first = client.get("/pal/?from=one").content.decode()
    second = Client().get("/pal/?from=two").content.decode()

    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.search(first).group(1) != token.search(second).group(1)
    assert 'name="next" type="hidden" value="/pal/?from=one"' in first
    assert 'name="next" type="hidden" value="/pal/?from=two"' in second


def test_a_kept_part_sees_nothing_of_the_page_but_its_arguments(rf):
    template = Template(
        "{% load rendered_once %}"
        "{% rendered_once section=section %}[{{ name }}|{{ section }}|{% csrf_token %}]"
        "{% endrendered_once %}"
    )
    context = {"name": "Rosa Pérez", "section": "pal", "csrf_token": "secret"}
    assert template.render(Context(context)) == "[|pal|]"
    assert template.render(Context({**context, "name": "Someone else"})) == "[|pal|]"
