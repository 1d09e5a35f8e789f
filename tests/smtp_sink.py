"""A real SMTP server on a loopback port (aiosmtpd) that keeps what it is sent."""

from __future__ import annotations

import asyncio
import email
import threading
import time
from email.message import EmailMessage
from email.policy import default
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope, Session


class _Collector:
    def __init__(self, sink: SmtpSink) -> None:
        self.sink = sink

    async def handle_DATA(self, server: SMTP, session: Session, envelope: Envelope) -> str:  # noqa: N802  (aiosmtpd's hook name)
        raw = envelope.original_content or envelope.content
        assert isinstance(raw, bytes)
        parsed = email.message_from_bytes(raw, policy=default)
        assert isinstance(parsed, EmailMessage)
        self.sink.received(parsed, list(envelope.rcpt_tos))
        return "250 Message accepted"


class SmtpSink:
    """Start, stop and start again on the same port; ``messages`` keeps everything taken."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.messages: list[EmailMessage] = []
        self.envelope_recipients: list[list[str]] = []
        self._lock = threading.Lock()
        self._controller: Controller | None = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def received(self, message: EmailMessage, recipients: list[str]) -> None:
        with self._lock:
            self.messages.append(message)
            self.envelope_recipients.append(recipients)

    def start(self) -> None:
        self._controller = Controller(_Collector(self), hostname="127.0.0.1", port=self.port)
        self._controller.start()

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    async def wait_for(self, count: int, *, seconds: float = 10) -> list[EmailMessage]:
        """Poll until ``count`` messages arrived (or fail at the deadline); the event loop
        keeps running meanwhile, so a worker in this loop can send them."""
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            await asyncio.sleep(0.02)
        raise AssertionError(f"expected {count} message(s), got {len(self.messages)}")

    def snapshot(self) -> list[EmailMessage]:
        with self._lock:
            return list(self.messages)


def header_ids(message: EmailMessage, name: str) -> list[str]:
    """The message ids in a header (``<a> <b>``), without angle brackets."""
    value: Any = message.get(name, "")
    return [part.strip("<>") for part in str(value).split() if part.strip()]
