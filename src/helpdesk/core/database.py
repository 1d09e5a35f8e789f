"""Async SQLAlchemy engine and session factory for SQLite and PostgreSQL."""

from __future__ import annotations

from contextvars import ContextVar
from pathlib import Path
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.engine import Connection, make_url
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry

Session = AsyncSession
"""The database session of a unit of work, under the name the upper layers use, so that
nothing under ``api/`` imports SQLAlchemy itself."""


BUSY_TIMEOUT_SECONDS = 5.0
"""How long a writer waits for another process's write lock on SQLite before it fails."""


def _apply_sqlite_pragmas(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # WAL lets readers run beside the writer; FULL keeps committed data through power loss;
    # SQLite leaves foreign keys off unless asked on every connection.
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.close()


# Whether the current unit of work may write. SQLite transactions that read first and
# write later cannot wait for a concurrent writer (SQLITE_BUSY_SNAPSHOT): they fail. So a
# unit of work that may write takes the write lock at BEGIN (BEGIN IMMEDIATE), where the
# busy timeout applies; read-only requests run without a transaction and never block
# writers (WAL).
_may_write: ContextVar[bool] = ContextVar("helpdesk_may_write", default=True)


def declare_unit_of_work(*, may_write: bool) -> None:
    """Say whether the unit of work about to start in this context may write.

    Each request sets it for itself (no reset: a request's context ends with it); code
    that never declares anything, like the CLI and migrations, takes the write lock."""
    _may_write.set(may_write)


def _leave_transactions_to_us(dbapi_connection: Any, _record: ConnectionPoolEntry) -> None:
    # The driver would emit its own deferred BEGIN; we emit the right kind in _begin.
    dbapi_connection.isolation_level = None


def _begin(connection: Connection) -> None:
    # Reads run statement by statement (autocommit), each on its own snapshot: the same
    # guarantee as PostgreSQL's READ COMMITTED, and no transaction to open and close.
    if _may_write.get():
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def writer_lock_path(database_url: str) -> Path | None:
    """The file beside an SQLite database its writing processes lock in turn (None for an
    in-memory database, which one process has to itself)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(f"{url.database}-writers.lock")


def ensure_sqlite_directory(database_url: str) -> None:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        Path(url.database).parent.mkdir(parents=True, exist_ok=True)


POSTGRES_SESSION_SETTINGS = {"join_collapse_limit": "4"}
"""Set on every PostgreSQL connection. A ticket row eager-joins seven small tables (status,
priority, type, group, team, agent, customer): with the default limit of 8 the planner
searches every order of the eight relations, 30-110 ms of planning for a 0.4 ms query,
and paged queries (``LIMIT $1 OFFSET $2``) are planned afresh on every execution because
their generic plan looks costlier. At 4 it keeps the written order beyond groups of four
(planning ~4 ms); the joins past the fourth are primary-key lookups whose written order is
the right one, and a query of up to four relations is planned exactly as before."""


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        ensure_sqlite_directory(database_url)
        engine = create_async_engine(url)
        event.listen(engine.sync_engine, "connect", _apply_sqlite_pragmas)
        event.listen(engine.sync_engine, "connect", _leave_transactions_to_us)
        event.listen(engine.sync_engine, "begin", _begin)
        return engine
    return create_async_engine(
        url,
        pool_size=pool_size,
        pool_pre_ping=True,
        connect_args={"server_settings": POSTGRES_SESSION_SETTINGS},
    )


async def ping(engine: AsyncEngine) -> None:
    """Raise unless the database answers a trivial query."""
    # A health check reads: on SQLite it must not queue for the write lock behind writers.
    declare_unit_of_work(may_write=False)
    async with engine.connect() as connection:
        await connection.execute(text("SELECT 1"))


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    # expire_on_commit=False: handlers render objects after the commit without reloading.
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)
