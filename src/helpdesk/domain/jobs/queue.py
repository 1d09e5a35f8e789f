"""Queue, claim and settle jobs.

A job is queued in the transaction of the work that causes it, so it exists exactly when
that work committed; after the commit the unit of work rings this process's worker. A
claim takes one due job (``FOR UPDATE SKIP LOCKED`` on PostgreSQL lets any number of
workers claim side by side; SQLite's write lock, taken at BEGIN, serialises claims) and
leases it to the worker: a job whose lease ran out (its worker died) is claimed again.
Settling checks the lease is still the worker's, so a worker that lost its job to
another never overwrites what the other recorded."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.jobs.models import Job, JobState
from helpdesk.domain.shared.unit_of_work import unit_of_work

LOST_ON_LAST_ATTEMPT = "The worker running the last attempt stopped before finishing it."


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    id: int
    kind: str
    payload: dict[str, Any]
    attempt: int
    """1 on the first try."""
    max_attempts: int
    worker: str

    @property
    def is_last_attempt(self) -> bool:
        return self.attempt >= self.max_attempts


async def enqueue(session: AsyncSession, kind: str, payload: dict[str, Any]) -> Job:
    """Queue ``kind`` with ``payload`` in the current transaction; the worker is woken
    once (and only if) it commits."""
    work = unit_of_work(session)
    job = Job(
        kind=kind,
        payload=payload,
        state=JobState.QUEUED,
        attempts=0,
        max_attempts=work.settings.job_max_attempts,
        run_after=utcnow(),
    )
    session.add(job)
    await session.flush()

    async def wake() -> None:
        work.wakeup.ring()

    work.after_commit(wake)
    return job


def _claimable(now: datetime) -> Any:
    return or_(
        and_(Job.state == JobState.QUEUED, Job.run_after <= now),
        and_(Job.state == JobState.RUNNING, Job.locked_until < now),
    )


async def claim(session: AsyncSession, worker: str, *, lease: timedelta) -> ClaimedJob | None:
    """Lease the next due job to ``worker``; None when nothing is due."""
    now = utcnow()
    statement = (
        select(Job)
        .where(_claimable(now))
        .order_by(Job.run_after, Job.id)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    while (job := await session.scalar(statement)) is not None:
        if job.attempts < job.max_attempts:
            break
        # Its lease ran out on the last attempt: retrying would exceed the attempts.
        job.state, job.locked_by, job.last_error = JobState.FAILED, None, LOST_ON_LAST_ATTEMPT
        await session.flush()
    if job is None:
        return None
    job.state, job.locked_by, job.locked_until = JobState.RUNNING, worker, now + lease
    job.attempts += 1
    await session.flush()
    return ClaimedJob(job.id, job.kind, dict(job.payload), job.attempts, job.max_attempts, worker)


def _held_by(job: ClaimedJob) -> Any:
    return and_(
        Job.id == job.id,
        Job.state == JobState.RUNNING,
        Job.locked_by == job.worker,
        Job.attempts == job.attempt,
    )


async def finish(session: AsyncSession, job: ClaimedJob) -> None:
    """The job is done: its row goes (what it did is recorded by the work itself)."""
    await session.execute(delete(Job).where(_held_by(job)))


async def retry_later(
    session: AsyncSession, job: ClaimedJob, error: str, *, delay: timedelta
) -> JobState:
    """Record ``error``; queue the job again after ``delay``, or fail it after its last
    attempt. Answers the state it is left in."""
    state = JobState.FAILED if job.is_last_attempt else JobState.QUEUED
    await session.execute(
        update(Job)
        .where(_held_by(job))
        .values(
            state=state,
            locked_by=None,
            locked_until=None,
            last_error=error,
            run_after=utcnow() + delay,
            updated_at=utcnow(),
        )
    )
    return state


async def next_due(session: AsyncSession) -> datetime | None:
    """When the earliest job becomes claimable (a retry's time, a lease's end)."""
    due = await session.scalar(select(func.min(Job.run_after)).where(Job.state == JobState.QUEUED))
    leased = await session.scalar(
        select(func.min(Job.locked_until)).where(Job.state == JobState.RUNNING)
    )
    found = [moment for moment in (due, leased) if moment is not None]
    return min(_aware(moment) for moment in found) if found else None


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes; every datetime we store is UTC.
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
