"""The console email backend, through the log and its redaction.

Django's console backend writes whole messages to standard output, past every log filter:
private links and names of children would land in the server log. This one hands each
message to the `pasadena_pd.mail` logger, so the console handler's filters (tokens, e-mail
addresses, phone numbers) apply as to every record. With DEBUG off (a production-like run
that chose `consolemail://`) only the fact of the message is logged, never its text, which
can hold names no pattern recognises.
"""

import logging

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

logger = logging.getLogger("pasadena_pd.mail")


class RedactedConsoleEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        for message in email_messages:
            recipients = ", ".join(message.recipients())
            if settings.DEBUG:
                logger.info(
                    "Email to %s\n%s",
                    recipients,
                    message.message().as_bytes().decode("utf-8", "replace"),
                )
            else:
                logger.info(
                    "Email to %s not shown (console backend, DEBUG off): %d characters",
                    recipients,
                    len(message.body),
                )
        return len(email_messages)
