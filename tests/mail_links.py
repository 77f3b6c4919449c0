"""The private link a public form's answer sends by email (issue 14: never in the answer).

Tests that follow a submission to its private page take the link from the email the
address received, as the person would.
"""

import re

from django.core import mail

# A link of the site carries a private token (join links of online events do not).
_LINK = re.compile(r"https?://[^/\s]+(/[\w/-]*/[\w-]{20,}/(?:[\w-]+/)*)")


def emailed_link(to: str, *, contains: str = "") -> str:
    """The path of the last link emailed to `to` (optionally: whose path contains `contains`)."""
    for message in reversed(mail.outbox):
        if [address.lower() for address in message.to] != [to.lower()]:
            continue
        for path in _LINK.findall(message.body):
            if contains in path:
                return path
    raise AssertionError(f"no link{' with ' + contains if contains else ''} emailed to {to}")


_CONFIRM_FORM = re.compile(r'<form method="post" action="([^"]+/confirm/)"')


def confirm_by_email(client, to: str) -> str:
    """Open the link emailed to `to` and press its confirm button, as the person would
    (issue 14: nothing is held before). Returns the private page's path."""
    path = emailed_link(to)
    page = client.get(path)
    action = _CONFIRM_FORM.search(page.content.decode())
    assert action, f"the page of the link emailed to {to} offers no confirmation"
    response = client.post(action.group(1))
    assert response.status_code in (302, 303), response.status_code
    return path


def confirm_if_asked(client, path: str) -> None:
    """On a private page that asks for confirmation (issue 14), press the button."""
    action = _CONFIRM_FORM.search(client.get(path).content.decode())
    if action:
        client.post(action.group(1))


def confirm_in_browser(page, base_url: str, to: str) -> str:
    """Browser tests: open the link emailed to `to` and press its confirm button; returns the
    private page's URL."""
    url = base_url + emailed_link(to)
    page.goto(url)
    page.locator('form[action$="/confirm/"] button[type=submit]').click()
    page.wait_for_url(url)
    return url
