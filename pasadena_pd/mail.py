"""Every email the site sends goes through here, as a task.

With the immediate task backend (development, tests) the email is sent at once; with the
database backend it is queued in the same transaction as the change that caused it and a
worker (`manage.py task_worker`) sends it. Callers never know which.
"""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django_tasks import task

from pasadena_pd import links


@task()
def send_email_task(*, subject: str, body: str, to: list[str], html_body: str = "") -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=body, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html_body:
        message.attach_alternative(html_body, "text/html")
    message.send()


def send_templated_email(*, to: list[str] | str, template: str, context: dict) -> None:
    """Render `<template>_subject.txt` and `<template>_body.txt` and send them as a task.

    Call it after the change it reports is saved: with the immediate backend the email
    leaves at once.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    if "site_url" in context and not context["site_url"]:
        # Sent without a request at hand (the task worker, staff tools): the setting.
        context = {**context, "site_url": links.site_url()}
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    send_email_task.enqueue(subject=subject, body=body, to=recipients)
