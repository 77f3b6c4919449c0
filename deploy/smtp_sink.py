"""A local SMTP server for the cluster that delivers nothing: it writes one JSON line per
accepted message (recipients, subject, Message-ID) to a file, so the drills can count them,
and one line when a message starts arriving.

    python -m deploy.smtp_sink --port 47425 --file var/cluster/mail.jsonl

Each message takes `--delay` seconds before the server takes its content, as a real relay
does; a worker killed meanwhile has not sent it (the message is counted when accepted).
"""

import argparse
import asyncio
import json
import signal
import threading
import time
from email import message_from_bytes
from email.header import decode_header, make_header

from aiosmtpd.controller import Controller


class CountingHandler:
    def __init__(self, path: str, delay: float):
        self.path = path
        self.delay = delay
        self.lock = threading.Lock()

    def _write(self, record: dict) -> None:
        with self.lock, open(self.path, "a") as log:
            log.write(json.dumps(record) + "\n")

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        # Written before the pause: a drill can kill the sender while a message is under way.
        self._write({"event": "receiving", "at": time.time(), "to": [address]})
        await asyncio.sleep(self.delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = message_from_bytes(envelope.content)
        self._write(
            {
                "event": "accepted",
                "at": time.time(),
                "to": envelope.rcpt_tos,
                "subject": str(make_header(decode_header(message.get("Subject", "")))),
                "message_id": message.get("Message-ID", ""),
            }
        )
        return "250 Message accepted"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=47425)
    parser.add_argument("--file", required=True)
    parser.add_argument("--delay", type=float, default=0.2)
    options = parser.parse_args()
    controller = Controller(
        CountingHandler(options.file, options.delay), hostname=options.host, port=options.port
    )
    controller.start()
    stopped = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stopped.set())
    stopped.wait()
    controller.stop()


if __name__ == "__main__":
    main()
