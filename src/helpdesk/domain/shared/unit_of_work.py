"""The unit of work every entry point opens: one transaction and what hangs off it.

An HTTP request, a CLI command, a worker job and a mail intake all run their work the
same way: ``runtime.unit_of_work()`` opens a session, commits when the work returns and
rolls back when it raises. What must happen outside the database is queued on the unit
of work: ``after_commit`` effects (mail, jobs, deleting stored files) run once the commit
has succeeded, and never after a rollback; ``on_rollback`` cleanups (a file already
written for an upload that will not be recorded) run only when the transaction fails.

Services receive the session and reach the unit of work through it
(``unit_of_work(session)``), so the file storage and the limits never travel through
route signatures.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Collection
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field
from typing import cast

from sqlalchemy import event, inspect, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState
from sqlalchemy.orm import Session as SyncSession
from sqlalchemy.orm.exc import StaleDataError

from helpdesk.core.database import (
    BUSY_TIMEOUT_SECONDS,
    create_engine,
    create_session_factory,
    declare_unit_of_work,
    writer_lock_path,
)
from helpdesk.core.group_commit import GroupCommit, outlast_cancellation
from helpdesk.core.keys import Keys
from helpdesk.core.settings import Settings
from helpdesk.core.wakeup import Wakeup
from helpdesk.core.writer_lock import WriterLock
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.bounds import refuse_unstorable_rows
from helpdesk.domain.shared.errors import PreconditionFailed, StaleRevision
from helpdesk.domain.shared.events import Cause, Subscriber, TicketEvent, Trigger
from helpdesk.domain.shared.process_memo import ProcessMemo
from helpdesk.storage.backend import FileStorage
from helpdesk.storage.local import LocalFileStorage

Effect = Callable[[], Awaitable[None]]

_SESSION_KEY = "helpdesk.unit_of_work"
MAX_EVENTS = 10_000
"""Events one unit of work may dispatch; more means something loops, and it rolls back."""
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Limits:
    """Bounds on what one unit of work may take in."""

    upload_max_bytes: int


@dataclass(frozen=True, slots=True)
class ExpectedRevision:
    """The caller based its write to ``public_id`` on one of ``revisions``: the body's
    ``revision`` (a stale one is a 409) or the ``If-Match`` entity tags (412)."""

    public_id: str
    revisions: frozenset[int]
    from_if_match: bool = False


@dataclass(eq=False, slots=True)
class UnitOfWork:
    session: AsyncSession
    storage: FileStorage
    limits: Limits
    keys: Keys
    mail_domain: str
    """Domain of the addresses mailboxes receive at (``HELPDESK_MAIL_DOMAIN``)."""
    settings: Settings
    wakeup: Wakeup
    """Rung (after commit) when this unit queued a background job."""
    actor: Actor | None = None
    """Who the work is done for, once the entry point has authenticated them."""
    subscribers: tuple[Subscriber, ...] = ()
    cause: Cause = field(default_factory=Cause)
    """Who is changing tickets right now: a person, or the actions of a workflow chain."""
    pending_events: list[TicketEvent] = field(default_factory=list)
    memo: dict[str, object] = field(default_factory=dict)
    """What a subscriber keeps for the rest of the unit (the enabled workflows)."""
    expected_revisions: list[ExpectedRevision] = field(default_factory=list)
    """Checked when the object is written (``refuse_stale_writes``)."""
    process_memo: ProcessMemo = field(default_factory=ProcessMemo)
    """The process's read-mostly values (``process_memo``), told what this unit changed."""
    changed_tables: set[str] = field(default_factory=set)
    """Tables this unit wrote to (``note_changed_tables``)."""
    _effects: list[Effect] = field(default_factory=list)
    _cleanups: list[Effect] = field(default_factory=list)

    async def shared[T](
        self, name: str, tables: Collection[str], load: Callable[[], Awaitable[T]]
    ) -> T:
        """A read-mostly value from the process memo, or ``load()``-ed now and kept there.

        A unit that has already written to one of ``tables`` reads its own uncommitted state:
        it neither takes the kept value nor keeps what it reads."""
        wrote = not self.changed_tables.isdisjoint(tables)
        if not wrote:
            kept = self.process_memo.get(name)
            if kept is not None:
                return cast(T, kept)
        since = self.process_memo.generation
        value = await load()
        if not wrote:
            self.process_memo.put(name, value, tables=tables, since=since)
        return value

    def after_commit(self, effect: Effect) -> None:
        """Run ``effect`` once this unit's transaction has committed; never on rollback."""
        self._effects.append(effect)

    def on_rollback(self, cleanup: Effect) -> None:
        """Run ``cleanup`` if this unit's transaction rolls back; never on commit."""
        self._cleanups.append(cleanup)

    def publish(
        self,
        ticket_id: int,
        trigger: Trigger,
        *,
        thread_id: int | None = None,
        answerable: bool = True,
        user_type: str | None = None,
    ) -> None:
        """Record that ``trigger`` happened to the ticket, for the subscribers."""
        self.pending_events.append(
            TicketEvent(
                ticket_id,
                trigger,
                thread_id=thread_id,
                answerable=answerable and self.cause.answerable,
                chain=self.cause.chain,
                user_type=None if self.cause.chain else user_type,
            )
        )

    async def dispatch(self) -> None:
        """Hand every pending event, oldest first, to each subscriber, until none is left
        (events the subscribers publish included); runs in the transaction, before commit."""
        dispatched = 0
        while self.pending_events:
            event = self.pending_events.pop(0)
            dispatched += 1
            if dispatched > MAX_EVENTS:
                raise RuntimeError("too many ticket events in one unit of work")
            for subscriber in self.subscribers:
                await subscriber(self.session, event)

    async def settle(self, *, committed: bool) -> None:
        chosen = self._effects if committed else self._cleanups
        self._effects, self._cleanups = [], []
        for effect in chosen:
            try:
                await effect()
            except Exception:
                # The transaction's outcome is settled; one failed effect must neither change
                # it nor keep the others from running.
                log.exception("after-transaction effect failed", extra={"committed": committed})


def refuse_stale_writes(session: SyncSession, _context: object, _instances: object) -> None:
    """``before_flush``: a write to an object whose revision is not the one the caller
    expected is refused. The revision compared is read again under a row lock
    (``SELECT ... FOR UPDATE`` on PostgreSQL; SQLite's writers are serialised already), so
    a concurrent writer that committed after this transaction first read the object is
    seen, and none can commit in between until this one ends."""
    work: UnitOfWork | None = session.info.get(_SESSION_KEY)
    if work is None or not work.expected_revisions:
        return
    for row in (*session.dirty, *session.deleted):
        public_id = getattr(row, "public_id", None)
        for expected in work.expected_revisions:
            if public_id != expected.public_id or not hasattr(row, "revision"):
                continue
            current = _locked_revision(session, row)
            if current in expected.revisions:
                continue
            message = (
                f"{public_id} is at revision {current}, not the one this write is based on: "
                "it changed since you read it. Read it again and reapply your change."
            )
            raise PreconditionFailed(message) if expected.from_if_match else StaleRevision(message)


def _locked_revision(session: SyncSession, row: object) -> int:
    state = inspect(row)
    table = state.mapper.local_table
    key = state.mapper.primary_key[0]
    statement = select(table.c.revision).where(key == state.identity[0]).with_for_update()
    revision: int = session.execute(statement).scalar_one()
    return revision


def note_flushed_tables(session: SyncSession, _context: object) -> None:
    """``after_flush``: remember which tables the flush wrote (objects added, changed, removed;
    a changed many-to-many collection marks its owner changed)."""
    work: UnitOfWork | None = session.info.get(_SESSION_KEY)
    if work is None:
        return
    for row in (*session.new, *session.dirty, *session.deleted):
        work.changed_tables.add(inspect(row).mapper.local_table.name)


def note_statement_tables(state: ORMExecuteState) -> None:
    """``do_orm_execute``: remember the table of an INSERT, UPDATE or DELETE statement."""
    work: UnitOfWork | None = state.session.info.get(_SESSION_KEY)
    if work is None or not (state.is_insert or state.is_update or state.is_delete):
        return
    table = getattr(state.statement, "table", None)
    name = getattr(table, "name", None)
    if isinstance(name, str):
        work.changed_tables.add(name)


def unit_of_work(session: AsyncSession) -> UnitOfWork:
    """The unit of work that owns ``session``."""
    found: UnitOfWork | None = session.info.get(_SESSION_KEY)
    if found is None:
        raise RuntimeError("this session was not opened by a unit of work")
    return found


def _lost_race() -> StaleRevision:
    """What a write learns when a row it changes was deleted or changed under it."""
    return StaleRevision(
        "The object was changed by another request at the same time; read it again and "
        "reapply your change."
    )


def publish(
    session: AsyncSession,
    ticket_id: int,
    trigger: Trigger,
    *,
    thread_id: int | None = None,
    answerable: bool = True,
    user_type: str | None = None,
) -> None:
    """Publish a ticket event into the unit of work that owns ``session``."""
    unit_of_work(session).publish(
        ticket_id, trigger, thread_id=thread_id, answerable=answerable, user_type=user_type
    )


@dataclass(frozen=True, slots=True)
class Runtime:
    """The long-lived collaborators of a process, built once from the settings."""

    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    storage: FileStorage
    limits: Limits
    keys: Keys
    group_commit: GroupCommit | None
    """SQLite: where writing units of work take turns and share commits; None on PostgreSQL,
    where each has a transaction of its own."""
    wakeup: Wakeup
    subscribers: tuple[Subscriber, ...]
    """What ticket events are dispatched to, before each unit of work commits."""
    closers: list[Effect] = field(default_factory=list)
    """What else the process holds open, closed with the engine (``dispose``)."""
    process_memo: ProcessMemo = field(default_factory=ProcessMemo)
    """Read-mostly values the process's units of work share."""

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        *,
        subscribers: tuple[Subscriber, ...],
        pool_size: int | None = None,
    ) -> Runtime:
        """A runtime; entry points build theirs with ``helpdesk.domain.runtime.build_runtime``,
        which passes the workflow engine as the subscriber (so no path can leave it out)."""
        engine = create_engine(
            settings.database_url, pool_size=pool_size or settings.database_pool_size
        )
        group_commit = None
        if engine.dialect.name == "sqlite":
            lock_path = writer_lock_path(settings.database_url)
            group_commit = GroupCommit(
                engine,
                max_units=settings.write_group_max_units,
                max_seconds=settings.write_group_max_ms / 1000,
                lock=None
                if lock_path is None
                else WriterLock(lock_path, timeout_seconds=BUSY_TIMEOUT_SECONDS),
            )
        return cls(
            settings=settings,
            engine=engine,
            session_factory=create_session_factory(engine),
            storage=LocalFileStorage(settings.storage_dir),
            limits=Limits(upload_max_bytes=settings.upload_max_bytes),
            keys=Keys.from_settings(settings),
            group_commit=group_commit,
            wakeup=Wakeup(),
            subscribers=subscribers,
            process_memo=ProcessMemo(fresh_for=settings.process_memo_seconds),
        )

    def unit_of_work(self, *, may_write: bool = True) -> AbstractAsyncContextManager[UnitOfWork]:
        """Commit when the block returns, roll back when it raises; then run what was queued.

        On SQLite a unit that may write takes its turn in the process's commit group and
        works in a savepoint of the group's transaction (``core/group_commit.py``); it
        returns once the commit holding its writes is durable. On PostgreSQL it has a
        transaction of its own. A read-only unit runs without a transaction."""
        if may_write and self.group_commit is not None:
            return self._grouped_unit_of_work(self.group_commit)
        return self._own_unit_of_work(may_write=may_write)

    def _new_work(self, session: AsyncSession) -> UnitOfWork:
        event.listen(session.sync_session, "before_flush", refuse_unstorable_rows)
        event.listen(session.sync_session, "before_flush", refuse_stale_writes)
        event.listen(session.sync_session, "after_flush", note_flushed_tables)
        event.listen(session.sync_session, "do_orm_execute", note_statement_tables)
        work = UnitOfWork(
            session=session,
            storage=self.storage,
            limits=self.limits,
            keys=self.keys,
            mail_domain=self.settings.mail_domain,
            settings=self.settings,
            wakeup=self.wakeup,
            subscribers=self.subscribers,
            process_memo=self.process_memo,
        )
        session.info[_SESSION_KEY] = work
        return work

    @asynccontextmanager
    async def _own_unit_of_work(self, *, may_write: bool) -> AsyncIterator[UnitOfWork]:
        declare_unit_of_work(may_write=may_write)
        async with self.session_factory() as session:
            work = self._new_work(session)
            try:
                yield work
                await work.dispatch()
                await session.commit()
                self.process_memo.changed(work.changed_tables)
            except StaleDataError as lost_race:  # a row deleted or changed under this write
                await session.rollback()
                await work.settle(committed=False)
                raise _lost_race() from lost_race
            except BaseException:
                await session.rollback()
                await work.settle(committed=False)
                raise
        await work.settle(committed=True)

    @asynccontextmanager
    async def _grouped_unit_of_work(self, group_commit: GroupCommit) -> AsyncIterator[UnitOfWork]:
        declare_unit_of_work(may_write=True)  # the group's BEGIN IMMEDIATE, if this unit opens it
        seat = await group_commit.join()
        kept = False
        failure: BaseException | None = None
        cancelled = False
        try:
            # The group's first unit works in the transaction itself (its rollback undoes
            # only its own writes), every later one in a savepoint of it. close_resets_only=
            # False: once closed, the session cannot be used again, so nothing reaches the
            # group's connection after this unit has left it.
            session = self.session_factory(
                bind=seat.connection,
                join_transaction_mode="rollback_only" if seat.first else "create_savepoint",
                close_resets_only=False,
            )
            work = self._new_work(session)
            try:
                yield work
                await work.dispatch()
            except BaseException as error:
                failure = error
            # Ending the savepoint runs to its end even if the request is cancelled meanwhile:
            # the group goes on with this connection.
            if failure is None:
                try:
                    # Flushes; then RELEASE (a later unit) or nothing (the first one).
                    cancelled = await outlast_cancellation(session.commit())
                    kept = True
                except BaseException as error:
                    failure = error
            if failure is not None:
                try:
                    # ROLLBACK TO its savepoint, or ROLLBACK for the first unit.
                    cancelled = await outlast_cancellation(session.rollback()) or cancelled
                except BaseException as broken:
                    seat.spoil(broken)  # its writes may still be in the group's transaction
            try:
                cancelled = await outlast_cancellation(session.close()) or cancelled
            except BaseException as broken:
                seat.spoil(broken)
        finally:
            departure = await group_commit.leave(seat, kept=kept)
        # Committed or not, values this unit's group-mates may have read from its writes
        # leave the process memo.
        self.process_memo.changed(work.changed_tables)
        # Effects and cleanups run outside the turn: a slow one never holds up other writers.
        failure = failure or departure.failure
        if failure is not None:
            await work.settle(committed=False)
            if isinstance(failure, StaleDataError):
                raise _lost_race() from failure
            raise failure
        await work.settle(committed=True)
        if cancelled or departure.cancelled:
            raise asyncio.CancelledError

    async def dispose(self) -> None:
        for close in self.closers:
            await close()
        await self.engine.dispose()
        if self.group_commit is not None:
            self.group_commit.close()
