"""The framework floor: a bare ASGI app doing one indexed primary-key read per request.

No framework, no authentication, no ORM: ``GET /ticket/{id}`` reads one row of the
helpdesk's ``tickets`` table by primary key with the same driver the server uses
(aiosqlite or asyncpg) and answers a small JSON object. bench/suite.py serves it with
uvicorn and 2 workers, like ``helpdesk serve --workers 2``, against the database it has
just benchmarked:

    FLOOR_DATABASE_URL=sqlite:///path/bench.sqlite3 \\
        .venv/bin/uvicorn --app-dir bench floor_app:app --workers 2 --port 8790

``FLOOR_DATABASE_URL`` is ``sqlite:///<path>`` or ``postgresql://...``.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Awaitable, Callable
from typing import Any

import aiosqlite
import asyncpg

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

# As many connections as the server's pool keeps (SQLAlchemy's default for aiosqlite is 5,
# the helpdesk's PostgreSQL pool 10).
SQLITE_CONNECTIONS = 5
POSTGRES_CONNECTIONS = 10
COLUMNS = "id, increment_id, subject, status_id, priority_id"


class SqliteRows:
    """A small pool of aiosqlite connections (each one runs on its own thread)."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        self.opened = 0

    async def _connection(self) -> aiosqlite.Connection:
        if self.idle.empty() and self.opened < SQLITE_CONNECTIONS:
            self.opened += 1
            connection = await aiosqlite.connect(self.path)
            await connection.execute("PRAGMA busy_timeout=5000")
            return connection
        return await self.idle.get()

    async def ticket(self, ticket_id: int) -> tuple[Any, ...] | None:
        connection = await self._connection()
        try:
            cursor = await connection.execute(
                f"SELECT {COLUMNS} FROM tickets WHERE id = ?",  # noqa: S608 (constant columns)
                (ticket_id,),
            )
            row = await cursor.fetchone()
            await cursor.close()
            return tuple(row) if row is not None else None
        finally:
            self.idle.put_nowait(connection)


class PostgresRows:
    def __init__(self, url: str) -> None:
        self.url = url
        self.pool: asyncpg.Pool | None = None

    async def ticket(self, ticket_id: int) -> tuple[Any, ...] | None:
        if self.pool is None:
            self.pool = await asyncpg.create_pool(
                self.url, min_size=1, max_size=POSTGRES_CONNECTIONS
            )
        row = await self.pool.fetchrow(
            f"SELECT {COLUMNS} FROM tickets WHERE id = $1",  # noqa: S608 (constant columns)
            ticket_id,
        )
        return tuple(row) if row is not None else None


def _rows() -> SqliteRows | PostgresRows:
    url = os.environ["FLOOR_DATABASE_URL"]
    if url.startswith("sqlite"):
        return SqliteRows(url.split(":///", 1)[1])
    return PostgresRows(url.replace("postgresql+asyncpg://", "postgresql://", 1))


rows = _rows()


async def _answer(send: Send, status: int, document: dict[str, Any]) -> None:
    body = json.dumps(document).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", b"%d" % len(body))]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    prefix, _, raw = scope["path"].rpartition("/")
    if scope["type"] != "http" or prefix != "/ticket" or not raw.isdigit():
        await _answer(send, 404, {"error": "not found"})
        return
    row = await rows.ticket(int(raw))
    if row is None:
        await _answer(send, 404, {"error": "not found"})
        return
    names = ("id", "incrementId", "subject", "statusId", "priorityId")
    await _answer(send, 200, dict(zip(names, row, strict=True)))
