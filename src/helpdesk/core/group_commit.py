"""Group commit: the writing units of work of a process share one durable commit (SQLite).

SQLite admits one writer at a time, and every commit pays its own BEGIN, COMMIT and fsync
(``synchronous=FULL``). So the writers of a process take turns on one connection and one
transaction, a *group*:

- A writer waits for its turn in arrival order (``asyncio.Lock`` is FIFO). Queueing in the
  process first leaves SQLite one contender per process; its own busy handler retries by
  sleeping, which is unfair under load.
- The first writer of a group takes the processes' writer lock (``writer_lock.py``),
  opens a connection and ``BEGIN IMMEDIATE`` (SQLite's write lock, taken once per group),
  and works in that transaction itself: if it fails, rolling it all back undoes its writes
  alone, and the group ends there. Every later writer works inside its own ``SAVEPOINT``
  (its session joins with ``join_transaction_mode="create_savepoint"``): on success the
  savepoint is released and the writer waits for the group's commit; on failure it is
  rolled back to, so the writer's rows go and the group's stay.
- A writer that leaves hands the turn to the next one waiting, unless the group holds
  ``max_units`` units or its first writer with writes has waited ``max_seconds``; then (or
  when nobody waits) the group commits once, one fsync for all, and every writer that waits
  for it is released with the outcome.
- If the commit fails, or a writer's rollback to its savepoint fails (the transaction can
  no longer be trusted), the group rolls back and every writer waiting for it is told so:
  nobody is answered success for writes that were not committed.

PostgreSQL needs none of this (see ``docs/decisions.md``, "Group commit").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from helpdesk.core.writer_lock import WriterLock

log = logging.getLogger(__name__)


class CommitFailed(Exception):
    """The group transaction that held this unit's writes did not commit; none of them is
    kept. (A commit that fails on the disk may leave its outcome unknown, as it would for a
    transaction of its own.)"""


@dataclass(frozen=True, slots=True)
class Departure:
    """How a unit's writes ended once it left its group."""

    failure: CommitFailed | None = None
    """Why the writes the unit kept in the group were not committed; None when they were
    (or when it kept none)."""
    cancelled: bool = False
    """The unit was cancelled while it waited for the commit; it re-raises once settled."""


@dataclass(eq=False, slots=True)
class _Group:
    connection: AsyncConnection
    driver: Any
    """The driver's connection: it knows whether SQLite still holds the transaction."""
    outcome: asyncio.Future[BaseException | None]
    units: int = 0
    kept: int = 0
    first_kept_at: float | None = None
    """When the group's first unit with writes began to wait for the commit."""
    spoiled: BaseException | None = None
    closing: asyncio.Task[None] | None = None


@dataclass(eq=False, slots=True)
class Seat:
    """A writing unit of work's place in its group, while it holds the turn."""

    _group: _Group
    first: bool
    """No other unit has worked in the group yet: this one needs no savepoint, since rolling
    back the whole transaction undoes its writes alone (bind its session with
    ``join_transaction_mode="rollback_only"``; the group then ends with this unit if it
    fails). Any later unit binds with ``"create_savepoint"``."""
    _left: bool = field(default=False)

    @property
    def connection(self) -> AsyncConnection:
        """The group's connection, to bind the unit's session to."""
        return self._group.connection

    def spoil(self, error: BaseException) -> None:
        """The unit could not undo its own writes: the group's transaction must roll back."""
        if self._group.spoiled is None:
            self._group.spoiled = error


class GroupCommit:
    """The process's writing units of work, in arrival order, sharing commits in groups of
    at most ``max_units`` units, that take in no new unit once the first unit with writes
    has waited ``max_seconds`` for the commit (``max_units=1`` is one commit per unit)."""

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        max_units: int,
        max_seconds: float,
        lock: WriterLock | None = None,
    ) -> None:
        if max_units < 1:
            raise ValueError("a group holds at least one unit")
        self._engine = engine
        self._lock = lock
        self._max_units = max_units
        self._max_seconds = max_seconds
        self._turn = asyncio.Lock()
        self._waiting = 0
        self._group: _Group | None = None
        self._rescues: set[asyncio.Task[None]] = set()
        self.commits = 0
        """Group transactions committed with writes in them, since the process started."""
        self.committed_units = 0
        """Units whose writes those commits held."""

    @property
    def waiting(self) -> int:
        """Writers queued for their turn right now."""
        return self._waiting

    async def join(self) -> Seat:
        """Wait for this process's turn to write; join the open group or open one (``BEGIN
        IMMEDIATE``, which waits up to SQLite's busy timeout for another process's group).
        Every seat must be given back with ``leave``."""
        self._waiting += 1
        try:
            await self._turn.acquire()
        except BaseException:
            self._waiting -= 1
            self._rescue_orphan()
            raise
        self._waiting -= 1
        try:
            group = self._group
            if group is None:
                group = self._group = await self._open()
        except BaseException:
            self._turn.release()
            raise
        return Seat(group, first=group.units == 0)

    async def leave(self, seat: Seat, *, kept: bool) -> Departure:
        """Give the turn back. ``kept``: the unit ended its part of the transaction with its
        writes in it (released its savepoint); then this returns once the group has
        committed or failed. A unit that kept nothing (it rolled back) does not wait for the
        others."""
        if seat._left:
            raise RuntimeError("this seat was already given back")
        seat._left = True
        group = seat._group
        now = asyncio.get_running_loop().time()
        group.units += 1
        group.kept += kept
        if kept and group.first_kept_at is None:
            group.first_kept_at = now
        # A first unit that failed rolled back the whole transaction: the group ends here.
        ended = seat.first and not kept
        if group.spoiled is None and not ended:
            group.spoiled = _fault(group)
        closing = None
        if (
            ended
            or group.spoiled is not None
            or not self._waiting
            or group.units >= self._max_units
            # Nobody waits longer than the bound for the bodies of writers after them (but
            # for the one that was running when the bound passed).
            or (group.first_kept_at is not None and now - group.first_kept_at >= self._max_seconds)
        ):
            closing = group.closing = asyncio.create_task(self._close(group))
        else:
            self._turn.release()  # the next writer works in this group
        cancelled = False
        if closing is not None:
            cancelled = await outlast_cancellation(closing)
        if not kept:
            return Departure(cancelled=cancelled)
        cancelled = await outlast_cancellation(group.outcome) or cancelled
        error = group.outcome.result()
        if error is None:
            return Departure(cancelled=cancelled)
        failure = CommitFailed("the transaction holding this request's writes did not commit")
        failure.__cause__ = error
        return Departure(failure=failure, cancelled=cancelled)

    async def _open(self) -> _Group:
        if self._lock is not None:
            await self._lock.acquire()  # the other processes' groups first (writer_lock.py)
        try:
            connection = await self._engine.connect()
            try:
                await connection.begin()  # BEGIN IMMEDIATE (core.database): the writer said so
                raw = await connection.get_raw_connection()
            except BaseException:
                await asyncio.shield(connection.close())
                raise
        except BaseException:
            if self._lock is not None:
                self._lock.release()
            raise
        return _Group(
            connection=connection,
            driver=raw.driver_connection,
            outcome=asyncio.get_running_loop().create_future(),
        )

    async def _close(self, group: _Group) -> None:
        """Commit the group (roll it back when it kept nothing or is spoiled), then give the
        turn to the next writer. Runs as a task of its own, so that no cancellation cuts it
        short."""
        error = group.spoiled
        clean = error is None
        try:
            try:
                if error is None and group.kept:
                    await group.connection.commit()
                    self.commits += 1
                    self.committed_units += group.kept
                elif error is None:
                    await group.connection.rollback()
            except Exception as failed:
                log.exception("group commit failed", extra={"units": group.kept})
                error, clean = failed, False
            finally:
                if not clean or _still_open(group):
                    # A failed COMMIT leaves SQLite's transaction open, and the pool would take
                    # the connection back as it is: close it instead, which rolls back.
                    await group.connection.invalidate()
                await group.connection.close()
        except Exception:
            log.exception("closing the group's connection failed")
        finally:
            if self._lock is not None:
                self._lock.release()
            self._group = None
            self._turn.release()
            group.outcome.set_result(error)

    def close(self) -> None:
        """Let go of what the process holds for its writers (the runtime is disposed)."""
        if self._lock is not None:
            self._lock.close()

    def _rescue_orphan(self) -> None:
        # A writer that was handed the turn was cancelled before it could take it, with
        # nobody behind it: the open group has no one left to commit it. Whoever holds the
        # turn may close the open group at any time, so take it and do that.
        if self._group is None or self._turn.locked():
            return
        rescue = asyncio.get_running_loop().create_task(self._close_orphan())
        self._rescues.add(rescue)
        rescue.add_done_callback(self._rescues.discard)

    async def _close_orphan(self) -> None:
        await self._turn.acquire()
        group = self._group
        if group is None:
            self._turn.release()
            return
        await self._close(group)


def _still_open(group: _Group) -> bool:
    try:
        return bool(group.driver.in_transaction)
    except Exception:
        return True


def _fault(group: _Group) -> CommitFailed | None:
    """Why the group's transaction cannot be trusted with the units' writes any more."""
    try:
        in_transaction = bool(group.driver.in_transaction)
    except Exception as lost:  # the driver let go of the connection
        return CommitFailed(f"the group's connection was lost: {lost}")
    if not in_transaction:
        # SQLite ends the whole transaction by itself on some errors (a full disk, an I/O
        # error): the released savepoints went with it.
        return CommitFailed("the database ended the group's transaction")
    if not group.connection.in_transaction() or group.connection.in_nested_transaction():
        return CommitFailed("a unit of work left the group's transaction in an unknown state")
    return None


async def outlast_cancellation(operation: Awaitable[object]) -> bool:
    """Await ``operation`` to its end even if the caller is cancelled meanwhile, and say
    whether it was (the caller re-raises once it has done what the outcome requires).
    Raises what the operation raises."""
    task = asyncio.ensure_future(operation)
    cancelled = False
    while not task.done():
        try:
            await asyncio.shield(task)
        except asyncio.CancelledError:
            if task.cancelled():
                raise
            cancelled = True
    task.result()
    return cancelled
