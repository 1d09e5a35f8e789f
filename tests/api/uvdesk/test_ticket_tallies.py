"""The ticket tallies behind the tabs stay exact whatever path writes tickets.

``ticket_tallies`` is kept by database triggers (migration 0025); an admin's tabs, tab counts
and list totals add up its rows instead of counting tickets. After a mix of every kind of
ticket write, the tallies must equal a count of the tickets themselves, and what the admin
is shown must equal that count."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.tickets.models import Ticket, TicketTally
from tests.api.uvdesk.helpers import admin_token, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.factories import in_transaction

pytestmark = pytest.mark.anyio

FACETS = ("status_id", "is_trashed", "is_new", "is_replied", "is_starred")


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def every_kind_of_ticket_write(client: httpx.AsyncClient, app: FastAPI, admin: str) -> None:
    agent_token = await support_token(app, SupportRole.AGENT, "agent@desk.example", name="Al")
    agent = (await uv(client, "GET", "/api/me.json", agent_token)).json()
    made = [(await raise_ticket(client, admin))["ticketId"] for _ in range(6)]
    first, second, third, fourth, fifth, sixth = made

    async def send(method: str, path: str, body: dict[str, Any] | None = None) -> None:
        response = await uv(client, method, path, admin, json=body)
        assert response.status_code == 200, response.text

    await send("PATCH", f"/api/ticket/{first}.json", {"editType": "star"})
    await send("PATCH", f"/api/ticket/{first}.json", {"editType": "status", "value": "3"})
    await send("PUT", f"/api/ticket/{second}/agent.json", {"id": str(agent["id"])})
    await send("POST", f"/api/ticket/{second}/threads.json", {"threadType": "reply", "reply": "Hi"})
    await send("DELETE", f"/api/ticket/{third}.json")
    await send("PUT", f"/api/ticket/{fourth}/trash.json")
    await send("PUT", "/api/tickets/restore.json", {"ids": [fourth], "statusId": 2})
    await send("PUT", "/api/tickets/status.json", {"ids": [fifth, sixth], "statusId": "4"})
    await send("PUT", "/api/tickets/trash.json", {"ids": [sixth]})
    await send("DELETE", "/api/tickets.json", {"ids": [sixth]})


async def counted_from_tickets(session: AsyncSession) -> dict[tuple[Any, ...], int]:
    key = (*(getattr(Ticket, name) for name in FACETS), func.coalesce(Ticket.agent_id, 0))
    rows = await session.execute(select(*key, func.count()).group_by(*key))
    return {tuple(row[:-1]): int(row[-1]) for row in rows.all()}


async def kept_in_tallies(session: AsyncSession) -> dict[tuple[Any, ...], int]:
    key = (*(getattr(TicketTally, name) for name in FACETS), TicketTally.agent_key)
    rows = await session.execute(select(*key, TicketTally.tickets).where(TicketTally.tickets != 0))
    return {tuple(row[:-1]): int(row[-1]) for row in rows.all()}


async def test_the_tallies_equal_a_count_of_the_tickets_after_every_kind_of_write(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    await every_kind_of_ticket_write(client, app, admin)

    truth = await in_transaction(app, counted_from_tickets)
    assert truth  # the writes left tickets to count
    assert await in_transaction(app, kept_in_tallies) == truth


async def test_an_admins_tabs_and_totals_equal_a_count_of_the_tickets(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    await every_kind_of_ticket_write(client, app, admin)

    async def truth(session: AsyncSession) -> tuple[dict[str, int], int, int]:
        live = Ticket.is_trashed.is_(False)
        per_status = await session.execute(
            select(Ticket.status_id, func.count()).where(live).group_by(Ticket.status_id)
        )
        trashed = await session.scalar(select(func.count()).where(Ticket.is_trashed.is_(True)))
        starred = await session.scalar(
            select(func.count()).where(live, Ticket.is_starred.is_(True))
        )
        tabs = {str(status): int(count) for status, count in per_status.all()}
        return tabs, int(trashed or 0), int(starred or 0)

    tabs, trashed, starred = await in_transaction(app, truth)
    page = (await uv(client, "GET", "/api/tickets.json", admin)).json()
    shown_tabs = {status: int(count) for status, count in page["tabs"].items() if int(count)}
    assert shown_tabs == tabs
    assert page["pagination"]["totalCount"] == sum(tabs.values())
    assert page["labels"]["predefind"]["trashed"] == str(trashed)
    assert page["labels"]["predefind"]["starred"] == str(starred)
    in_status = (await uv(client, "GET", "/api/tickets.json?status=4", admin)).json()
    assert in_status["pagination"]["totalCount"] == tabs.get("4", 0)
