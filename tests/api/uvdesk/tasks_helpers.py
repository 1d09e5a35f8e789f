"""Tasks and todos for UVdesk tests: a desk with an admin, a task agent and a ticket."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.factories import in_transaction

TASK_PRIVILEGES = (
    "ROLE_AGENT_CREATE_TASK",
    "ROLE_AGENT_EDIT_TASK",
    "ROLE_AGENT_DELETE_TASK",
    "ROLE_AGENT_ADD_MEMBER_TO_TASK",
    "ROLE_AGENT_DELETE_MEMBER_FROM_TASK",
)


@dataclass
class Desk:
    client: httpx.AsyncClient
    admin: str
    agent: str
    agent_id: int
    ticket: int
    thread: int

    async def call(self, method: str, path: str, body: Any = None, token: str = "") -> Any:
        return await uv(self.client, method, path, token or self.admin, json=body)

    async def made(self, method: str, path: str, body: Any = None, token: str = "") -> Any:
        response = await self.call(method, path, body, token)
        assert response.status_code == 200, response.text
        return response.json()

    async def task(self, token: str = "", **body: Any) -> int:
        sent = {
            "subject": "subject of task",
            "description": "description of task",
            "assignedAgent": str(self.agent_id),
            "deadline": "2016-08-24",
            "ticket": str(self.ticket),
            "threadIds": [self.thread],
            **body,
        }
        return int((await self.made("POST", "/api/tasks.json", sent, token))["id"])


async def user_id(client: httpx.AsyncClient, token: str) -> int:
    return int((await uv(client, "GET", "/api/me.json", token)).json()["id"])


async def a_reply(client: httpx.AsyncClient, token: str, ticket: int) -> int:
    body = {"threadType": "reply", "reply": "Here is the log."}
    response = await uv(client, "POST", f"/api/ticket/{ticket}/threads.json", token, json=body)
    assert response.status_code == 200, response.text
    return int(response.json()["id"])


async def make_desk(app: FastAPI, client: httpx.AsyncClient) -> Desk:
    admin = await admin_token(app)
    agent = await support_token(
        app, SupportRole.AGENT, "agent@desk.example", privileges=TASK_PRIVILEGES, name="Tim Task"
    )
    ticket = int((await raise_ticket(client, admin))["ticketId"])
    thread = await a_reply(client, admin, ticket)
    return Desk(client, admin, agent, await user_id(client, agent), ticket, thread)


async def count(app: FastAPI, table: Any) -> int:
    async def work(session: AsyncSession) -> int:
        return int(await session.scalar(select(func.count()).select_from(table)) or 0)

    return await in_transaction(app, work)
