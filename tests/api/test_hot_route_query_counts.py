"""The routes the benchmark drives (``bench/``) cost a pinned number of SQL statements.

Each row of ``HOT`` is one request a busy helpdesk serves all day; its statements are
counted on a warm worker (the same request ran just before, so reference data the process
memo keeps is not read again) and must equal the pin for the database. Authentication is
one of them, always the first and always one. A change to a pin is a deliberate change to
a hot route's cost: say why in the commit.

SQLite and PostgreSQL differ only where the database does: SQLite's writers work in a
savepoint of their commit group's ``BEGIN IMMEDIATE`` transaction (``core/group_commit.py``;
transaction control is not counted here) and its full-text index is an FTS5 table refreshed
by a delete and an insert, where PostgreSQL upserts one ``tsvector`` row.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, text
from sqlalchemy.engine import Connection

from helpdesk.core.settings import Settings
from tests.api.list_rows import Callers, make_callers, raise_ticket
from tests.conftest import bearer

pytestmark = pytest.mark.anyio

TRANSACTION_CONTROL = ("BEGIN", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
"""Not counted: they bracket a request's work rather than do it."""


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # Long enough that a slow machine cannot let the memo lapse between the two requests.
    return settings.model_copy(update={"process_memo_seconds": 3600})


@dataclass(frozen=True, slots=True)
class World:
    callers: Callers
    ticket: int
    queue: str
    chat: str


@dataclass(frozen=True, slots=True)
class Hot:
    name: str
    method: str
    path: str
    """Formatted with the ``World``'s fields."""
    marketplace: bool
    sqlite: int
    postgresql: int
    body: dict[str, Any] | None = None

    def request_for(self, world: World) -> tuple[str, dict[str, Any] | None]:
        """The path and body, with the world's ticket, queue and chat filled in."""
        path = self.path.format(ticket=world.ticket, chat=world.chat)
        if self.body is None or "queue" not in self.body:
            return path, self.body
        return path, {**self.body, "queue": {"id": world.queue}}


def new_ticket() -> dict[str, Any]:
    return {
        "name": "Pat Customer",
        "from": "pat@example.com",
        "subject": "Printer 7 does not print",
        "reply": "<p>Since this morning printer 7 shows error 12.</p>",
        "type": "807",
    }


HOT = [
    Hot("create ticket", "POST", "/api/tickets.json", False, 21, 20, new_ticket()),
    Hot(
        "add reply",
        "POST",
        "/api/ticket/{ticket}/threads.json",
        False,
        31,
        30,
        {"threadType": "reply", "reply": "We are on it."},
    ),
    Hot("view ticket", "GET", "/api/ticket/{ticket}.json", False, 15, 15),
    Hot("list tickets", "GET", "/api/tickets.json", False, 13, 13),
    Hot(
        "list tickets, filtered and sorted",
        "GET",
        "/api/tickets.json?status=1&sort=t.id&direction=asc",
        False,
        13,
        13,
    ),
    Hot("search tickets", "GET", "/api/tickets.json?search=printer", False, 13, 13),
    Hot(
        "create case",
        "POST",
        "/public/v1/helpdesk/cases",
        True,
        21,
        21,
        {"queue": None, "chat": {"lastMessage": {"content": "Help"}}},
    ),
    Hot(
        "list cases with RQL",
        "GET",
        "/public/v1/helpdesk/cases?eq(status,Processing)&limit=25",
        True,
        4,
        4,
    ),
    Hot(
        "post chat message",
        "POST",
        "/public/v1/helpdesk/chats/{chat}/messages",
        True,
        10,
        10,
        {"content": "Any news?"},
    ),
    Hot("list chat messages", "GET", "/public/v1/helpdesk/chats/{chat}/messages", True, 4, 4),
]


@pytest.fixture
async def world(client: httpx.AsyncClient, app: FastAPI) -> World:
    callers = await make_callers(client, app)
    ticket = await raise_ticket(callers, 1)
    queue = await callers.market("/queues", callers.parties.operations, {"name": "Support"})
    body = {"queue": {"id": queue["id"]}, "chat": {"lastMessage": {"content": "Help"}}}
    case = await callers.market("/cases", callers.parties.client, body)
    return World(callers, ticket, queue["id"], case["chat"]["id"])


async def statements_of(app: FastAPI, world: World, hot: Hot) -> list[str]:
    callers = world.callers
    token = callers.parties.client if hot.marketplace else callers.admin
    path, body = hot.request_for(world)

    async def send() -> httpx.Response:
        return await callers.http.request(hot.method, path, headers=bearer(token), json=body)

    warm = await send()
    assert warm.status_code in (200, 201), warm.text
    statements: list[str] = []

    def record(_conn: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        if not statement.startswith(TRANSACTION_CONTROL):
            statements.append(statement)

    engine = app.state.runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        measured = await send()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert measured.status_code in (200, 201), measured.text
    return statements


@pytest.mark.parametrize("hot", HOT, ids=[hot.name for hot in HOT])
async def test_a_hot_route_costs_its_pinned_statements(
    hot: Hot, world: World, app: FastAPI, database_url: str
) -> None:
    statements = await statements_of(app, world, hot)
    pin = hot.postgresql if database_url.startswith("postgresql") else hot.sqlite
    # On failure, the statements show what was added or saved.
    assert len(statements) == pin, "\n".join(statements)


@pytest.mark.parametrize("hot", HOT, ids=[hot.name for hot in HOT])
async def test_authentication_is_the_first_statement_and_the_only_one(
    hot: Hot, world: World, app: FastAPI, database_url: str
) -> None:
    statements = await statements_of(app, world, hot)
    reading_tokens = [s for s in statements if "FROM api_tokens" in s]
    assert len(reading_tokens) == 1
    assert statements[0] == reading_tokens[0]


async def test_postgresql_plans_long_eager_joins_in_their_written_order(
    app: FastAPI, database_url: str
) -> None:
    """A ticket row joins seven tables; searching every order of them cost PostgreSQL
    30-110 ms of planning per page (``core/database.py``: ``POSTGRES_SESSION_SETTINGS``)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("a PostgreSQL planner setting")
    async with app.state.runtime.engine.connect() as connection:
        limit = await connection.scalar(text("SHOW join_collapse_limit"))
    assert limit == "4"


async def test_a_searched_page_finds_its_keys_before_it_loads_its_rows(
    app: FastAPI, world: World, database_url: str
) -> None:
    """On PostgreSQL the page's keys come from a subquery holding the filters and the
    limit; the rows' query joins its eager tables to those keys alone
    (``domain/shared/listing.py``: ``_keys_first``)."""
    if not database_url.startswith("postgresql"):
        pytest.skip("SQLite plans the page in one query")
    search = next(hot for hot in HOT if hot.name == "search tickets")
    statements = await statements_of(app, world, search)
    flat = [" ".join(statement.split()) for statement in statements]
    (page,) = [s for s in flat if s.startswith("SELECT tickets.id, tickets.increment_id")]
    rows, keys = page.split("JOIN (SELECT tickets.id AS id FROM tickets", 1)
    assert "LIMIT" not in rows
    assert "ticket_search" in keys.split(") AS page_keys")[0]
    assert "LIMIT" in keys.split(") AS page_keys")[0]
