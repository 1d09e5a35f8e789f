"""Mail out under test: a real SMTP sink, the app sending to it, a worker in the test's loop."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator

import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from helpdesk.core.settings import Settings
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.jobs.worker import Worker
from tests.conftest import _free_port
from tests.smtp_sink import SmtpSink


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
    runtime = Runtime.from_settings(settings)
    yield runtime
    await runtime.dispose()
