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
