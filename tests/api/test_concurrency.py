"""Concurrent writers on one database, as several worker processes produce them."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.engine import Connection

from helpdesk.app import create_app
from helpdesk.core.settings import Settings
from tests.api.uvdesk.helpers import admin_token
from tests.conftest import bearer

pytestmark = pytest.mark.anyio


@pytest.fixture
async def second_worker(settings: Settings) -> AsyncIterator[FastAPI]:
    """Another app on the same database: its own engine and pool, like a second process."""
    other = create_app(settings)
    yield other
    await other.state.runtime.engine.dispose()


async def test_concurrent_writes_from_two_workers_all_succeed(
    app: FastAPI, second_worker: FastAPI
) -> None:
    token = await admin_token(app)
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=worker), base_url="http://t")
        for worker in (app, second_worker)
    ]

    async def raise_ticket(index: int) -> int:
        body = {"from": f"c{index}@example.com", "subject": f"s{index}", "reply": "r", "name": "N"}
        client = clients[index % 2]
        response = await client.post("/api/tickets.json", json=body, headers=bearer(token))
        return response.status_code

    try:
        statuses = await asyncio.gather(*(raise_ticket(i) for i in range(24)))
    finally:
        for client in clients:
            await client.aclose()
    assert statuses == [200] * 24


async def test_concurrent_first_tickets_of_one_new_customer_all_succeed(
    app: FastAPI, second_worker: FastAPI
) -> None:
    """Each request finds no user with the address and creates one; all but the first
    insert collide with it (the crash test's load found these as 500s on PostgreSQL)."""
    token = await admin_token(app)
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=worker), base_url="http://t")
        for worker in (app, second_worker)
    ]

    async def raise_ticket(index: int) -> int:
        body = {"from": "new@example.com", "subject": f"s{index}", "reply": "r", "name": "N"}
        response = await clients[index % 2].post(
            "/api/tickets.json", json=body, headers=bearer(token)
        )
        return response.status_code

    try:
        statuses = await asyncio.gather(*(raise_ticket(i) for i in range(12)))
    finally:
        for client in clients:
            await client.aclose()
    assert statuses == [200] * 12


async def test_only_writes_take_the_write_lock(client: httpx.AsyncClient, app: FastAPI) -> None:
    if app.state.runtime.engine.dialect.name != "sqlite":
        pytest.skip("BEGIN IMMEDIATE is how SQLite serialises writers")
    token = await admin_token(app)
    begins: list[str] = []

    def record(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        if statement.startswith("BEGIN"):
            begins.append(statement)

    engine = app.state.runtime.engine.sync_engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        await client.get("/api/tickets.json", headers=bearer(token))
        await client.post("/api/labels.json", json={"name": "x"}, headers=bearer(token))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert begins == ["BEGIN IMMEDIATE"]
