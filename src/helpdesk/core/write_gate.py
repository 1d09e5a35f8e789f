"""Writers queue in their process before they reach SQLite's single write lock."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class WriteGate:
    """One writing unit of work at a time per process, in arrival order, on SQLite.

    SQLite admits one writer; its busy handler retries waiting writers by sleeping, which
    is unfair under load (a writer can starve past the busy timeout). Queueing writers in
    the process first (asyncio.Lock is FIFO) leaves SQLite one contender per worker.
    PostgreSQL needs no gate."""

    def __init__(self, *, serialise: bool) -> None:
        self._lock = asyncio.Lock() if serialise else None

    @asynccontextmanager
    async def passage(self) -> AsyncIterator[None]:
        if self._lock is None:
            yield
            return
        async with self._lock:
            yield
