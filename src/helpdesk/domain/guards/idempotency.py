"""``Idempotency-Key``: a retried creation replays the first answer instead of creating twice.

Following draft-ietf-httpapi-idempotency-key-header: the first request with a key claims
it (one row, unique per caller and key); while it runs, the same key answers 409; once it
has succeeded its answer is stored and every retry with the same request gets it back.
The same key with a different request (method, path, query or body) answers 422. A
request that did not succeed (any answer but 2xx) wrote nothing, so it releases its key
and may be retried as new. Keys are scoped by caller (the SHA-256 of the credential) and
expire after ``HELPDESK_IDEMPOTENCY_KEY_HOURS``.

Claiming and recording are short units of work of their own around the request's (they
queue at the SQLite write gate like any writer): the claim commits before the request
starts, so concurrent requests see it; the answer is recorded after the request
committed. A claim whose request never recorded an answer (the process died in between)
is taken over after ``STALE_CLAIM``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from helpdesk.core.clock import utcnow
from helpdesk.domain.guards.models import IdempotentRequest
from helpdesk.domain.shared.unit_of_work import Runtime

STALE_CLAIM = timedelta(minutes=5)
PURGE_EVERY = timedelta(minutes=10)


@dataclass(frozen=True, slots=True)
class Claimed:
    """This request holds the key: run it, then ``record`` or ``release``."""

    id: int


@dataclass(frozen=True, slots=True)
class Replay:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


@dataclass(frozen=True, slots=True)
class InFlight:
    """The first request with this key is still running."""


@dataclass(frozen=True, slots=True)
class Mismatch:
    """The key was first used with a different request."""


Outcome = Claimed | Replay | InFlight | Mismatch


class IdempotencyKeys:
    def __init__(self, runtime: Runtime, *, ttl: timedelta) -> None:
        self.runtime = runtime
        self.ttl = ttl
        self._purged_at: datetime | None = None

    async def claim(self, caller: str, key: str, fingerprint: str) -> Outcome:
        now = utcnow()
        await self._purge(now)
        for _ in range(3):
            async with self.runtime.unit_of_work() as work:
                found = await work.session.scalar(
                    select(IdempotentRequest).where(
                        IdempotentRequest.caller == caller, IdempotentRequest.key == key
                    )
                )
                stale = found is not None and (
                    _aware(found.expires_at) <= now
                    or (found.status is None and _aware(found.created_at) <= now - STALE_CLAIM)
                )
                if found is not None and not stale:
                    return _outcome_of(found, fingerprint)
                if found is not None:
                    await work.session.delete(found)
                    await work.session.flush()
                row = IdempotentRequest(
                    caller=caller,
                    key=key,
                    fingerprint=fingerprint,
                    created_at=now,
                    expires_at=now + self.ttl,
                )
                try:
                    async with work.session.begin_nested():
                        work.session.add(row)
                        await work.session.flush()
                except IntegrityError:
                    continue  # a concurrent request claimed it first: look again
                return Claimed(row.id)
        return InFlight()

    async def record(
        self, claim: Claimed, status: int, headers: list[tuple[str, str]], body: bytes
    ) -> None:
        async with self.runtime.unit_of_work() as work:
            row = await work.session.get(IdempotentRequest, claim.id)
            if row is not None:
                row.status = status
                row.headers = [list(pair) for pair in headers]
                row.body = body

    async def release(self, claim: Claimed) -> None:
        async with self.runtime.unit_of_work() as work:
            await work.session.execute(
                delete(IdempotentRequest).where(IdempotentRequest.id == claim.id)
            )

    async def _purge(self, now: datetime) -> None:
        """Drop expired keys, at most once every ``PURGE_EVERY`` per process."""
        if self._purged_at is not None and now - self._purged_at < PURGE_EVERY:
            return
        self._purged_at = now
        async with self.runtime.unit_of_work() as work:
            await work.session.execute(
                delete(IdempotentRequest).where(IdempotentRequest.expires_at <= now)
            )


def _outcome_of(found: IdempotentRequest, fingerprint: str) -> Outcome:
    if found.fingerprint != fingerprint:
        return Mismatch()
    if found.status is None:
        return InFlight()
    headers: list[Any] = found.headers or []
    return Replay(found.status, [(str(n), str(v)) for n, v in headers], found.body or b"")


def _aware(moment: datetime) -> datetime:
    """SQLite hands back naive UTC date-times."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
