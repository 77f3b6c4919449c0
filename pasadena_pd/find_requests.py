""" "Find my requests": one email to an address, listing the private link of everything it
has open (requests, registrations, block parties, PAL applications). Each app says what in
its `private_links.open_for(email, now)`.

The page (pasadena_pd/views.py) answers the same whether or not the address is known: it
only queues `send_request_links`, for every address alike; the lookup happens in the task
worker, which sends an email only when there is something to list. The links are the
private ones the resident was sent already; the email goes to the address that owns them.
An address gets one such email per quarter of an hour, however many times it is typed (from
however many connections): the form cannot be used to flood someone's mailbox.
"""

import datetime
import hashlib
import importlib
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation
from django_tasks import task

from pasadena_pd.fail_soft_cache import is_failing
from pasadena_pd.mail import send_templated_email

# Named, not imported: the apps import OpenItem from here.
PROVIDERS = ("outreach.private_links", "events.private_links", "pal.private_links")
RESEND_AFTER_SECONDS = 15 * 60


@dataclass(frozen=True)
class OpenItem:
    what: str  # "Presentation request", in the email's language
    title: str
    when: datetime.date | datetime.datetime
    status: str
    path: str  # the private page, without the site's address


def open_items(email: str, now: datetime.datetime) -> list[OpenItem]:
    """Everything `email` has open, soonest first (labels in the active language)."""
    items = []
    for name in PROVIDERS:
        items.extend(importlib.import_module(name).open_for(email, now))
    return sorted(items, key=lambda item: _as_date(item.when))


def _as_date(when) -> datetime.date:
    return timezone.localdate(when) if isinstance(when, datetime.datetime) else when


def _first_in_a_while(email: str) -> bool:
    """True once per address and RESEND_AFTER_SECONDS (the key is a hash, not the address);
    always True while the shared cache does not answer: a lost link outweighs a flood."""
    key = "find-requests:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return cache.add(key, 1, timeout=RESEND_AFTER_SECONDS) or is_failing(cache)


@task()
def send_request_links(*, email: str, language: str) -> None:
    if not _first_in_a_while(email):
        return
    with translation.override(language):
        items = open_items(email, timezone.now())
    if items:
        send_templated_email(
            to=email,
            template="find_requests/mail/links",
            context={"items": items},
            language=language,
        )
