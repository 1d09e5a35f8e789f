"""Mail fixtures: a mailbox, the SMTP listener on a loopback port, a way to send to it."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from helpdesk.core.settings import Settings, get_settings
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.mail.smtpd import serve_smtp
from tests.factories import in_transaction
from tests.mail.background import background_loop

SUPPORT = "support@desk.example"
RECEIVING = "support.k3y@helpdesk.localhost"
BIG = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SmtpListener:
    host: str
    port: int

    def send(self, message: EmailMessage, to: Sequence[str] = (RECEIVING,)) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            smtp.send_message(message, to_addrs=list(to))

    def send_bytes(self, raw: bytes, sender: str, to: Sequence[str] = (RECEIVING,)) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            smtp.sendmail(sender, list(to), raw)


async def add_mailbox(
    app: FastAPI, email: str = SUPPORT, receiving: str = RECEIVING, *, active: bool = True
) -> int:
    async def work(session: AsyncSession) -> int:
        mailbox = Mailbox(name="Support", email=email, mailbox_email=receiving, is_active=active)
        session.add(mailbox)
        await session.flush()
        return mailbox.id

    return await in_transaction(app, work)


@pytest.fixture
async def mailbox(app: FastAPI) -> int:
    return await add_mailbox(app)


@pytest.fixture
def smtp_listener(settings: Settings) -> Iterator[SmtpListener]:
    """``helpdesk mail smtpd`` as its own process would run it, on a free loopback port."""
    with background_loop() as run:
        runtime = Runtime.from_settings(settings)
        server = run(serve_smtp(runtime, "127.0.0.1", 0))
        assert isinstance(server, asyncio.Server)
        port = server.sockets[0].getsockname()[1]
        try:
            yield SmtpListener("127.0.0.1", port)
        finally:

            async def stop() -> None:
                server.close()
                await server.wait_closed()
                await runtime.dispose()

            run(stop())


@pytest.fixture
def cli_runner(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The command line as an operator runs it, on the test's database, storage and key,
    with room for a 20 MB attachment. Invoke it off the event loop
    (``anyio.to_thread.run_sync``): each command runs its own."""
    monkeypatch.setenv("HELPDESK_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("HELPDESK_STORAGE_DIR", str(settings.storage_dir))
    monkeypatch.setenv("HELPDESK_SECRET_KEY", "test-secret-key")
    monkeypatch.setenv("HELPDESK_UPLOAD_MAX_BYTES", str(BIG + 1024 * 1024))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()
