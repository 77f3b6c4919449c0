"""Every email the site sends goes through here, as a task.

With the immediate task backend (development, tests) the email is sent once the change that
caused it commits; with the database backend it is queued in the change's own transaction
(so it exists only if the change commits) and a worker (`manage.py task_worker`) sends it.
Callers never know which.
"""

import functools

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import connection, router, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_tasks import task
from django_tasks_db import DatabaseBackend

from pasadena_pd import links


@task()
def send_email_task(*, subject: str, body: str, to: list[str], html_body: str = "") -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def send_templated_email(
    *, to: list[str] | str, template: str, context: dict, language: str
) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` in `language` (the one the
    recipient chose, kept on what the email is about, never the language of whoever
    triggers it) and send them as a task.

    Inside a transaction the email waits for the commit (`transaction.on_commit`), so that
    no email reports a change that was rolled back, or, with the database task backend, is
    queued in that transaction; outside one it is sent (or queued) at once.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    # The address the visitor being answered used, else SITE_URL (pasadena_pd.links).
    context = {"site_url": links.site_url(), **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}_body.txt", context)
    send = functools.partial(send_email_task.enqueue, subject=subject, body=body, to=recipients)
    if _in_a_transaction() and not _queued_with_the_change():
        # Never an email about a change that is then rolled back.
        transaction.on_commit(send)
    else:
        send()


def _queued_with_the_change() -> bool:
    """The database task backend on this connection queues the email in the change's own
    transaction: rolled back with it, and seen by a worker only once it commits. One
    commit per change instead of two (the form POST's, issue 20)."""
    backend = send_email_task.get_backend()
    if not isinstance(backend, DatabaseBackend):
        return False
    from django_tasks_db.models import DBTaskResult

    return router.db_for_write(DBTaskResult) == connection.alias


def _in_a_transaction() -> bool:
    """Inside an atomic block of the site's own (a test case's wrapping block is not one:
    its changes stand for a committed state)."""
    return any(not block._from_testcase for block in connection.atomic_blocks)
