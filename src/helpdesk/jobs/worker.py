"""The worker: claims due jobs and runs them, and runs long-lived services beside them.

``helpdesk worker`` runs one (any number of them on PostgreSQL); on the SQLite default
the server runs one in its own process too. A worker sleeps until its process queues a
job (the unit of work rings its wakeup after the commit), the next retry or lease end
falls due, or the poll interval passes (jobs queued by other processes). Stopping
finishes the jobs in hand and claims no more."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable, Coroutine, Mapping, Sequence
from datetime import datetime, timedelta
from typing import Any

from helpdesk.core.clock import utcnow
from helpdesk.domain.jobs.queue import ClaimedJob, claim, finish, next_due, retry_later
from helpdesk.domain.outbox.service import SEND_MAIL
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.jobs.mail import send_mail
from helpdesk.mail.imap import poll_imap

Handler = Callable[[Runtime, ClaimedJob], Awaitable[None]]
Service = Callable[[Runtime, asyncio.Event], Coroutine[Any, Any, None]]
"""A long-lived task run beside the jobs (the IMAP poller): it returns once the event is set."""

HANDLERS: Mapping[str, Handler] = {SEND_MAIL: send_mail}
SERVICES: Sequence[Service] = (poll_imap,)
"""What a deployment's workers run beside the jobs: fetching mail from IMAP mailboxes."""
log = logging.getLogger(__name__)


async def _unknown_kind(_runtime: Runtime, job: ClaimedJob) -> None:
    raise LookupError(f"No handler for jobs of kind {job.kind!r}.")


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Worker:
    def __init__(
        self,
        runtime: Runtime,
        *,
        handlers: Mapping[str, Handler] = HANDLERS,
        services: Sequence[Service] = (),
        concurrency: int = 1,
        name: str | None = None,
    ) -> None:
        self.runtime = runtime
        self.handlers = handlers
        self.services = services
        self.concurrency = concurrency
        self.name = name or worker_name()
        settings = runtime.settings
        self.lease = timedelta(seconds=settings.job_lease_seconds)
        self.poll_seconds = settings.worker_poll_seconds

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set; then finish the jobs in hand and return."""
        log.info("worker started", extra={"worker": self.name})
        async with asyncio.TaskGroup() as group:
            for service in self.services:
                group.create_task(service(self.runtime, stop))
            for _ in range(self.concurrency):
                group.create_task(self._claim_loop(stop))
        log.info("worker stopped", extra={"worker": self.name})

    async def _claim_loop(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                due = await self._next_due()
                if due is not None and due <= utcnow() and await self.run_one():
                    continue
            except Exception:
                # The database may be away for a while: the worker outlives it, and the
                # lease brings back any job it held.
                log.exception("worker could not reach its jobs", extra={"worker": self.name})
                due = None
            await self._idle(stop, due)

    async def run_one(self) -> bool:
        """Claim and run one due job; False when none was due."""
        async with self.runtime.unit_of_work() as unit:
            job = await claim(unit.session, self.name, lease=self.lease)
        if job is None:
            return False
        await self._execute(job)
        return True

    async def _execute(self, job: ClaimedJob) -> None:
        handler = self.handlers.get(job.kind, _unknown_kind)
        try:
            await handler(self.runtime, job)
        except Exception as error:
            await self._retry(job, error)
            return
        async with self.runtime.unit_of_work() as unit:
            await finish(unit.session, job)

    async def _retry(self, job: ClaimedJob, error: Exception) -> None:
        settings = self.runtime.settings
        delay = min(
            settings.job_retry_seconds * 2 ** (job.attempt - 1), settings.job_retry_max_seconds
        )
        async with self.runtime.unit_of_work() as unit:
            reason = str(error) or type(error).__name__
            state = await retry_later(unit.session, job, reason, delay=timedelta(seconds=delay))
        log.warning(
            "job attempt failed",
            extra={"job_id": job.id, "kind": job.kind, "attempt": job.attempt, "state": state},
            exc_info=error,
        )

    async def _next_due(self) -> datetime | None:
        async with self.runtime.unit_of_work(may_write=False) as unit:
            return await next_due(unit.session)

    async def _idle(self, stop: asyncio.Event, due: datetime | None) -> None:
        timeout = self.poll_seconds
        if due is not None:
            timeout = min(timeout, max((due - utcnow()).total_seconds(), 0.01))
        stopped = asyncio.create_task(stop.wait())
        rung = asyncio.create_task(self.runtime.wakeup.wait(timeout))
        await asyncio.wait({stopped, rung}, return_when=asyncio.FIRST_COMPLETED)
        for task in (stopped, rung):
            task.cancel()
