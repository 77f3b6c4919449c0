"""Issue 16, "a site that looks like the department's": the project's mark and icon, and a
home page that leads with the three things residents come for, checked at phone (390×844)
and desktop (1280×900) size. Screenshots go to $LOOK_SCREENSHOTS (else a temporary folder)
for a person to look at; the assertions are what a resident would notice."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.events.factories import EventFactory
from tests.factories import AreaFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SIZES = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}
TASKS = (
    ("Request a presentation or police support", "/outreach/request/"),
    ("Community events and National Night Out", "/events/"),
    ("Enroll your child in PAL", "/pal/"),
)


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("LOOK_SCREENSHOTS") or tmp_path / "look")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def overflows_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth + 1")


def above_the_fold(page: Page, locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


@pytest.mark.parametrize("size", SIZES)
def test_the_home_page_leads_with_the_three_things_residents_come_for(
    live_server, page: Page, size, shots
):
    EventFactory(title="Neighborhood Watch: Orange Grove")
    page.set_viewport_size(SIZES[size])
    page.goto(live_server.url + "/")

    tasks = page.get_by_role("list", name="What residents come for").get_by_role("link")
    expect(tasks).to_have_count(3)
    for (name, href), task in zip(TASKS, tasks.all(), strict=True):
        expect(task).to_contain_text(name)
        expect(task).to_have_attribute("href", href)
        assert above_the_fold(page, task), (size, name)
    mark = page.locator("header img.site-mark")
    expect(mark).to_be_visible()
    assert above_the_fold(page, mark)
    assert page.evaluate("document.querySelector('header img.site-mark').naturalWidth") > 0
    assert not overflows_sideways(page)
    assert_accessible(page)
    page.screenshot(path=shots / f"home-{size}.png")
    assert (shots / f"home-{size}.png").stat().st_size > 10_000


@pytest.mark.parametrize("size", SIZES)
def test_the_main_pages_fit_the_screen(live_server, page: Page, size, shots):
    AreaFactory(name="Central", slug="central")
    EventFactory(title="Community Police Academy")
    page.set_viewport_size(SIZES[size])
    for name, path in (
        ("request", "/outreach/request/"),
        ("events", "/events/"),
        ("nno", "/events/national-night-out/"),
        ("pal", "/pal/"),
    ):
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        assert above_the_fold(page, page.get_by_role("heading", level=1)), (size, path)
        assert not overflows_sideways(page), (size, path)
        page.screenshot(path=shots / f"{name}-{size}.png", full_page=True)


def test_the_mark_and_icon_are_drawn_for_the_project(live_server, page: Page):
    for path in ("/static/img/mark.svg", "/static/img/favicon.svg"):
        answer = page.request.get(live_server.url + path)
        assert answer.ok and answer.headers["content-type"].startswith("image/svg")
        assert "<svg" in answer.text() and "http://www.w3.org/2000/svg" in answer.text()
        assert "<image" not in answer.text() and "href=" not in answer.text()  # drawn, not a copy
