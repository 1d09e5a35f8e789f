"""Per-caller rate limits: a fixed window per caller, counted where every worker sees it.

A window is a minute (by default) counted from the epoch; requests add to their caller's
counter for the current window, in one upsert that returns the new count
(``INSERT ... ON CONFLICT DO UPDATE ... RETURNING``, or ``INCRBY`` on Redis). Over the limit,
the request is refused until the window ends.

Where the counters live:

- Redis, when ``HELPDESK_REDIS_URL`` is set: one ``INCR`` and ``EXPIRE`` per request.
- PostgreSQL: the ``rate_windows`` table (UNLOGGED: a crash only resets the minute's
  counts), in a short transaction of its own, never the request's, on a small pool of
  its own (``COUNTER_POOL``), so counting never waits for a connection the requests
  hold, nor takes one from them.
- SQLite: a small database file of its own beside the main one
  (``<database>-ratelimit``), so that counting a read never takes the main database's
  write lock, which a writer may hold for as long as it streams an upload. The counters
  need no durability (``synchronous=OFF``), and the file is made on first use.

The in-process fast path has two parts:

- Leases: a process takes its share of a caller's window in blocks (1 request, then 2, 4,
  ... up to a twentieth of the limit), one upsert per block, and counts the block down in
  memory. A caller making a request now and then costs one upsert per request; a busy one
  costs one per 35 requests at the default limit. Exactness is kept on the safe side: the
  store's count includes every block handed out, so the limit is never exceeded across
  workers; a block half used in one worker can make another worker refuse up to
  (lease - 1) requests early per worker (at most ~5% of the limit each).
- Once a caller's window is spent, this process refuses the rest of it without asking
  the store again, so a client hammering a spent limit costs a dictionary lookup.
"""

from __future__ import annotations

import asyncio
import math
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from redis.asyncio import Redis
from sqlalchemy import Table, delete, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine
from sqlalchemy.schema import CreateTable

from helpdesk.core.database import BUSY_TIMEOUT_SECONDS
from helpdesk.domain.guards.models import RateWindow

Clock = Callable[[], float]


class Counter(Protocol):
    """Shared counters: ``add`` returns the count after adding."""

    async def add(self, key: str, window: int, window_seconds: int, amount: int) -> int: ...

    async def forget_before(self, window: int) -> None: ...

    async def close(self) -> None: ...


LEASE_SHARE = 20
"""A lease is at most this fraction of the limit."""


@dataclass(slots=True)
class _Lease:
    window: int
    left: int = 0
    """Requests this process may still let through without asking the store."""
    size: int = 1
    """How many to take next time."""
    total: int = 0
    """The store's count after this process last took a block."""


@dataclass(frozen=True, slots=True)
class Verdict:
    allowed: bool
    limit: int
    remaining: int
    reset_seconds: int
    """Seconds until the window ends (at least 1)."""


class RateLimiter:
    """``hit(key)`` counts one request of ``key`` and says whether it may proceed."""

    def __init__(
        self,
        counter: Counter,
        *,
        limit: int,
        window_seconds: int = 60,
        clock: Clock = time.time,
    ) -> None:
        self.counter = counter
        self.limit = limit
        self.window_seconds = window_seconds
        self._clock = clock
        self.max_lease = max(1, limit // LEASE_SHARE)
        self._spent: dict[str, int] = {}
        """Callers whose limit is spent, by the window it is spent in (the fast path)."""
        self._leases: dict[str, _Lease] = {}
        self._current_window = -1

    def _window(self) -> tuple[int, int]:
        now = self._clock()
        window = int(now // self.window_seconds)
        reset = max(1, math.ceil((window + 1) * self.window_seconds - now))
        return window, reset

    async def _turn_window(self, window: int) -> None:
        if window == self._current_window:
            return
        self._current_window = window
        self._spent.clear()
        self._leases.clear()
        # Counts of windows before the last are dead weight; any worker may drop them.
        await self.counter.forget_before(window - 1)

    def spent(self, key: str) -> Verdict | None:
        """The refusal for ``key`` if this process already knows its limit is spent."""
        window, reset = self._window()
        if self._spent.get(key) == window:
            return Verdict(False, self.limit, 0, reset)
        return None

    async def hit(self, key: str) -> Verdict:
        window, reset = self._window()
        await self._turn_window(window)
        if self._spent.get(key) == window:
            return Verdict(False, self.limit, 0, reset)
        lease = self._leases.setdefault(key, _Lease(window))
        if lease.left == 0 and lease.total < self.limit:
            size = lease.size
            lease.size = min(2 * size, self.max_lease)
            total = await self.counter.add(key, window, self.window_seconds, size)
            lease.left += max(0, min(size, self.limit - (total - size)))
            lease.total = max(lease.total, total)
        if lease.left == 0:
            self._spent[key] = window
            return Verdict(False, self.limit, 0, reset)
        lease.left -= 1
        if lease.left == 0 and lease.total >= self.limit:
            self._spent[key] = window  # this was the last one
        remaining = max(0, self.limit - lease.total + lease.left)
        return Verdict(True, self.limit, remaining, reset)

    async def close(self) -> None:
        await self.counter.close()


class SqlCounter:
    """Counters in the ``rate_windows`` table of ``engine`` (PostgreSQL or SQLite)."""

    def __init__(self, engine: AsyncEngine, *, owns_engine: bool = False) -> None:
        self.engine = engine
        self._owns_engine = owns_engine
        self._insert = postgresql.insert if engine.dialect.name == "postgresql" else sqlite.insert

    async def add(self, key: str, window: int, window_seconds: int, amount: int) -> int:
        insert = self._insert(RateWindow).values(key=key, window=window, hits=amount)
        statement = insert.on_conflict_do_update(
            index_elements=[RateWindow.key, RateWindow.window],
            set_={"hits": RateWindow.hits + insert.excluded.hits},
        ).returning(RateWindow.hits)
        async with self.engine.begin() as connection:
            hits: int = (await connection.execute(statement)).scalar_one()
        return hits

    async def forget_before(self, window: int) -> None:
        async with self.engine.begin() as connection:
            await connection.execute(delete(RateWindow).where(RateWindow.window < window))

    async def close(self) -> None:
        if self._owns_engine:
            await self.engine.dispose()


def _sidecar_pragmas(dbapi_connection: object, _record: object) -> None:
    cursor = dbapi_connection.cursor()  # type: ignore[attr-defined]
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.execute("PRAGMA synchronous=OFF")
    cursor.close()


def _prepare_sidecar(path: Path) -> None:
    """Make the counters' file, in WAL mode, with its table, if no worker has yet.

    Every worker may be first: the table is made IF NOT EXISTS (a checked create races),
    and switching a new file to WAL, which takes an exclusive lock, can be answered
    "database is locked" at once, without the busy timeout, while another worker is doing
    the same; so it is tried again. Plain ``sqlite3`` in a thread: the pauses never hold up
    the event loop. The mode stays in the file, so the engine's connections find it set."""
    table: Table = RateWindow.__table__  # type: ignore[assignment]
    create = str(CreateTable(table, if_not_exists=True).compile(dialect=sqlite.dialect()))
    deadline = time.monotonic() + BUSY_TIMEOUT_SECONDS
    pause = 0.005
    while True:
        try:
            with closing(sqlite3.connect(path, timeout=BUSY_TIMEOUT_SECONDS)) as connection:
                connection.execute("PRAGMA journal_mode=WAL")
                connection.execute(create)
                connection.commit()
        except sqlite3.OperationalError as error:
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        else:
            return
        time.sleep(pause)
        pause = min(pause * 2, 0.1)


class SqliteSidecarCounter(SqlCounter):
    """Counters in their own SQLite file beside the main database (see the module text)."""

    def __init__(self, path: Path) -> None:
        engine = create_async_engine(f"sqlite+aiosqlite:///{path}")
        event.listen(engine.sync_engine, "connect", _sidecar_pragmas)
        super().__init__(engine, owns_engine=True)
        self._path = path
        self._ready = False

    async def add(self, key: str, window: int, window_seconds: int, amount: int) -> int:
        if not self._ready:
            await asyncio.to_thread(_prepare_sidecar, self._path)
            self._ready = True
        return await super().add(key, window, window_seconds, amount)

    async def forget_before(self, window: int) -> None:
        if self._ready:
            await super().forget_before(window)


class MemoryCounter:
    """Counters in this process only: for an in-memory SQLite database (one process)."""

    def __init__(self) -> None:
        self._counts: dict[tuple[str, int], int] = {}

    async def add(self, key: str, window: int, window_seconds: int, amount: int) -> int:
        count = self._counts.get((key, window), 0) + amount
        self._counts[(key, window)] = count
        return count

    async def forget_before(self, window: int) -> None:
        self._counts = {k: v for k, v in self._counts.items() if k[1] >= window}

    async def close(self) -> None:
        return None


class RedisCounter:
    """Counters in Redis: ``INCR`` of ``helpdesk:rate:<key>:<window>``, expiring after two
    windows."""

    def __init__(self, url: str) -> None:
        self.redis = Redis.from_url(url)

    async def add(self, key: str, window: int, window_seconds: int, amount: int) -> int:
        name = f"helpdesk:rate:{key}:{window}"
        async with self.redis.pipeline(transaction=True) as pipe:
            pipe.incrby(name, amount)
            pipe.expire(name, 2 * window_seconds)
            count, _ = await pipe.execute()
        return int(count)

    async def forget_before(self, window: int) -> None:
        return None  # keys expire by themselves

    async def close(self) -> None:
        await self.redis.aclose()


COUNTER_POOL = 4


def counter_for(database_url: str, redis_url: str | None) -> Counter:
    """Where this deployment keeps its counters (see the module text)."""
    if redis_url:
        return RedisCounter(redis_url)
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite":
        engine = create_async_engine(
            url, pool_size=COUNTER_POOL, max_overflow=COUNTER_POOL, pool_pre_ping=True
        )
        return SqlCounter(engine, owns_engine=True)
    if not url.database or url.database == ":memory:":
        return MemoryCounter()
    return SqliteSidecarCounter(Path(f"{url.database}-ratelimit"))
