import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_visitor_walks_the_main_navigation(live_server, page: Page):
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How can we help?")

    nav = page.get_by_role("navigation", name="Main navigation")
    nav.get_by_role("link", name="Events").click()
    expect(page).to_have_url(live_server.url + "/events/")

    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="PAL").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Police Activities League")

    page.get_by_role("link", name="Find your Neighborhood Police Specialist").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Find your Neighborhood Police Specialist"
    )


def test_navigation_collapses_on_a_small_phone(live_server, page: Page):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(live_server.url + "/")
    menu_button = page.get_by_role("button", name="Show navigation")
    expect(menu_button).to_be_visible()
    menu_button.click()
    expect(page.get_by_role("link", name="Events", exact=True)).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360


def test_skip_link_moves_focus_to_main_content(live_server, page: Page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/#main")
