"""Long-lived collaborators of the running app, built once by ``create_app``."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from helpdesk.core.settings import Settings
from helpdesk.storage.backend import FileStorage


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


@dataclass(frozen=True, slots=True)
class AppServices:
    settings: Settings
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    storage: FileStorage
    write_gate: WriteGate


def app_services(request: Request) -> AppServices:
    services: AppServices = request.app.state.services
    return services


Services = Annotated[AppServices, Depends(app_services)]
