"""Mail under test: a mailbox, the SMTP listener on a loopback port and a way to send to
it; mail out to a real SMTP sink, with a worker in the test's loop."""

from __future__ import annotations

import asyncio
import smtplib
from collections.abc import AsyncIterator, Iterator, Sequence
from dataclasses import dataclass
from email.message import EmailMessage

import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from helpdesk.core.settings import Settings, get_settings
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.jobs.worker import Worker
from helpdesk.mail.smtpd import serve_smtp
from tests.conftest import _free_port
from tests.factories import in_transaction
from tests.mail.background import background_loop
from tests.smtp_sink import SmtpSink

SUPPORT = "support@desk.example"
RECEIVING = "support.k3y@helpdesk.localhost"
BIG = 20 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SmtpListener:
    host: str
    port: int

    """Sends from a thread, as a mail server elsewhere would: a blocking send on the test's
    loop would stall the worker running there, and with it any write it holds open, which
    the listener may be waiting for."""

    async def send(self, message: EmailMessage, to: Sequence[str] = (RECEIVING,)) -> None:
        await asyncio.to_thread(self._send, message, list(to))

    async def send_bytes(self, raw: bytes, sender: str, to: Sequence[str] = (RECEIVING,)) -> None:
        await asyncio.to_thread(self._send_bytes, raw, sender, list(to))

    def _send(self, message: EmailMessage, to: list[str]) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            smtp.send_message(message, to_addrs=to)

    def _send_bytes(self, raw: bytes, sender: str, to: list[str]) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            smtp.sendmail(sender, to, raw)


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
        runtime = build_runtime(settings)
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
def cli_runner(cli_environment: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    """The command line as an operator runs it, on the test's database, storage and key,
    with room for a 20 MB attachment. Invoke it off the event loop
    (``anyio.to_thread.run_sync``): each command runs its own."""
    monkeypatch.setenv("HELPDESK_UPLOAD_MAX_BYTES", str(BIG + 1024 * 1024))
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(_free_port())
    sink.start()
    yield sink
    sink.stop()


@pytest.fixture
def settings(settings: Settings, smtp_sink: SmtpSink) -> Settings:
    """The suite's settings, sending to the sink, with retries fast enough to watch."""
    return settings.model_copy(
        update={
            "smtp_url": SecretStr(smtp_sink.url),
            "job_retry_seconds": 0.05,
            "job_retry_max_seconds": 0.2,
            "job_max_attempts": 4,
            "worker_poll_seconds": 0.2,
            "smtp_timeout_seconds": 5.0,
            "public_url": "https://help.example.com",
            "in_process_worker": True,
        }
    )


@pytest.fixture
async def worker(app: FastAPI) -> AsyncIterator[Worker]:
    """A worker over the app's runtime, running in the test's event loop."""
    running = Worker(app.state.runtime, name="test-worker")
    stop = asyncio.Event()
    task = asyncio.create_task(running.run(stop))
    yield running
    stop.set()
    await task


@pytest.fixture
async def second_runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """Another runtime on the same database: its own engine and pool, like a second process."""
    runtime = build_runtime(settings)
    yield runtime
    await runtime.dispose()
