""" "Find my requests" in the browser: a mistyped address gets the error summary (phone and
desktop), a valid one the same thank-you for every address; axe stays clean."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.axe import assert_accessible
from tests.browser.test_error_summary import assert_summary_has_focus_in_view, screen  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mistyped_address_is_summarised_at_the_top(live_server, screen: Page):  # noqa: F811
    screen.goto(live_server.url + "/")
    screen.get_by_role("link", name="Lost your link? Find my requests").click()
    assert_accessible(screen)
    screen.get_by_label("Your email address").fill("rosa at example")
    screen.get_by_role("button", name="Email me my links").click()

    assert_summary_has_focus_in_view(
        screen, ("Your email address: Enter a valid email address.", "id_email")
    )
    expect(screen.get_by_label("Your email address")).to_have_value("rosa at example")


def test_a_valid_address_gets_the_same_thank_you(live_server, screen: Page):  # noqa: F811
    screen.goto(live_server.url + "/find-my-requests/")
    screen.get_by_label("Your email address").fill("nobody@example.org")
    screen.get_by_role("button", name="Email me my links").click()

    expect(screen.get_by_role("status")).to_contain_text("an email with their links is on its way")
    assert_accessible(screen)
