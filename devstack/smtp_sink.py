"""Catch outgoing e-mail locally: an aiosmtpd handler that keeps, prints and saves messages.

`python -m devstack smtp` serves it on 127.0.0.1 for `make run`, printing each message so a
developer can follow a confirmation link. Tests start it in-process instead:

    with running_sink() as (sink, port):
        settings.EMAIL_PORT = port
        ...
        [message] = sink.wait_for(1)
        assert "confirm" in message.get_body(("plain",)).get_content()
"""

import email.policy
import itertools
import signal
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, TextIO

from aiosmtpd.controller import Controller

from devstack.ports import LOOPBACK, free_port

DEFAULT_PORT = 1025
PORT_ENV = "SMTP_SINK_PORT"


class MailSink:
    """Keep every message received in `.messages`; optionally save and print each one.

    Each message also gets the envelope as `X-MailFrom` and `X-RcptTo` headers (the names
    aiosmtpd's own Message handler uses), so Bcc recipients are visible.
    """

    def __init__(
        self, maildir: Path | None = None, echo: bool = False, out: TextIO | None = None
    ) -> None:
        self.messages: list[EmailMessage] = []
        self.maildir = maildir
        self.echo = echo
        self.out = out
        self._received = threading.Condition()
        self._numbers = itertools.count(1)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        """Accept one message (aiosmtpd calls this for each DATA command)."""
        raw: bytes = envelope.original_content or envelope.content
        # SMTP carries CRLF line ends; LF makes bodies compare and match like normal text.
        message = BytesParser(policy=email.policy.default).parsebytes(raw.replace(b"\r\n", b"\n"))
        message["X-MailFrom"] = envelope.mail_from
        message["X-RcptTo"] = ", ".join(envelope.rcpt_tos)
        number = next(self._numbers)
        if self.maildir is not None:
            self._save(number, raw)
        if self.echo:
            self._print(number, message)
        with self._received:
            self.messages.append(message)
            self._received.notify_all()
        return "250 Message accepted for delivery"

    def wait_for(self, count: int = 1, timeout: float = 10.0) -> list[EmailMessage]:
        """Wait until at least `count` messages arrived; return them all.

        Mail is often sent from a Celery task or after a transaction commits, so a test
        cannot expect it the moment its request returns.
        """
        with self._received:
            if not self._received.wait_for(lambda: len(self.messages) >= count, timeout):
                raise TimeoutError(
                    f"expected {count} message(s) within {timeout}s, got {len(self.messages)}"
                )
            return list(self.messages)

    def clear(self) -> None:
        """Forget the messages received so far."""
        with self._received:
            self.messages.clear()

    def _save(self, number: int, raw: bytes) -> None:
        """Write the message as `<maildir>/<timestamp>-<n>.eml`, as it arrived."""
        assert self.maildir is not None
        self.maildir.mkdir(parents=True, exist_ok=True)
        stamp = time.strftime("%Y%m%dT%H%M%S")
        for suffix in itertools.count(number):
            # A restarted sink counts from 1 again; never overwrite an earlier message.
            path = self.maildir / f"{stamp}-{suffix}.eml"
            try:
                with path.open("xb") as handle:
                    handle.write(raw)
                return
            except FileExistsError:
                continue

    def _print(self, number: int, message: EmailMessage) -> None:
        """Show the headers a developer cares about and the text body."""
        body_part = message.get_body(preferencelist=("plain", "html"))
        body = body_part.get_content() if isinstance(body_part, EmailMessage) else "(no body)"
        lines = [
            f"---------- mail {number} ----------",
            f"From:    {message['From']}",
            f"To:      {message['To']}",
            f"Subject: {message['Subject']}",
            "",
            str(body).rstrip(),
            f"---------- end of mail {number} ----------",
        ]
        out = self.out or sys.stdout
        out.write("\n".join(lines) + "\n")
        out.flush()


@contextmanager
def running_sink(
    port: int | None = None, maildir: Path | None = None
) -> Iterator[tuple[MailSink, int]]:
    """Serve a MailSink on 127.0.0.1 in a background thread; yield it and its port."""
    sink = MailSink(maildir)
    port = port or free_port()
    controller = Controller(sink, hostname=LOOPBACK, port=port)
    controller.start()
    try:
        yield sink, port
    finally:
        controller.stop()


def serve(port: int, maildir: Path) -> None:
    """Serve a printing, saving MailSink on 127.0.0.1:`port` until SIGINT or SIGTERM."""
    # Block the signals before the server thread starts, so it inherits the mask and the
    # main thread alone receives them in sigwait().
    stop_signals = {signal.SIGINT, signal.SIGTERM}
    signal.pthread_sigmask(signal.SIG_BLOCK, stop_signals)
    controller = Controller(MailSink(maildir, echo=True), hostname=LOOPBACK, port=port)
    try:
        controller.start()
    except OSError as error:
        raise SystemExit(f"smtp sink: cannot listen on {LOOPBACK}:{port}: {error}") from error
    print(f"SMTP sink on {LOOPBACK}:{port}; messages are saved in {maildir}", flush=True)
    signal.sigwait(stop_signals)
    controller.stop()
