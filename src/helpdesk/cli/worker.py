"""``helpdesk worker``: run background jobs until stopped."""

from __future__ import annotations

import asyncio
import signal
from typing import Annotated

import typer

from helpdesk.cli.unit_of_work import with_runtime
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.jobs.worker import SERVICES, Worker


def worker(
    concurrency: Annotated[int, typer.Option(min=1, help="Jobs run at the same time.")] = 4,
) -> None:
    """Run background jobs (outgoing mail, ...) and fetch IMAP mailboxes until SIGTERM or
    Ctrl-C; the jobs in hand are finished first. Any number may run against PostgreSQL."""

    async def work(runtime: Runtime) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await Worker(runtime, concurrency=concurrency, services=SERVICES).run(stop)

    with_runtime(work, pool_size=concurrency + 1)
