"""Tickets, replies and the outbox as the mail-out tests see them."""

from __future__ import annotations

import asyncio
import time

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.jobs.models import Job
from helpdesk.domain.mailboxes.models import Mailbox, MailMessage
from helpdesk.domain.outbox.models import OutboundMail
from tests.api.uvdesk.helpers import uv
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.factories import in_transaction

CUSTOMER = "test@example.com"


async def add_mailbox(app: FastAPI, email: str = "support@example.com") -> Mailbox:
    async def work(session: AsyncSession) -> Mailbox:
        mailbox = Mailbox(
            name="Example Support", email=email, mailbox_email="support@helpdesk.localhost"
        )
        session.add(mailbox)
        await session.flush()
        return mailbox

    return await in_transaction(app, work)


async def ticket_with_reply(
    client: httpx.AsyncClient, token: str, text: str = "We are on it."
) -> tuple[int, int]:
    """A ticket raised by the customer and an agent's reply to it: (ticket id, thread id)."""
    ticket = await raise_ticket(client, token, **{"from": CUSTOMER})
    thread_id = await agent_reply(client, token, ticket["ticketId"], text)
    return ticket["ticketId"], thread_id


async def agent_reply(client: httpx.AsyncClient, token: str, ticket_id: int, text: str) -> int:
    response = await uv(
        client,
        "POST",
        f"/api/ticket/{ticket_id}/threads.json",
        token,
        json={"threadType": "reply", "reply": f"<p>{text}</p>"},
    )
    assert response.status_code == 200, response.text
    thread_id: int = response.json()["id"]
    return thread_id


async def outbox_rows(app: FastAPI) -> list[OutboundMail]:
    async def work(session: AsyncSession) -> list[OutboundMail]:
        return list(await session.scalars(select(OutboundMail).order_by(OutboundMail.id)))

    return await in_transaction(app, work)


async def jobs(app: FastAPI) -> list[Job]:
    async def work(session: AsyncSession) -> list[Job]:
        return list(await session.scalars(select(Job).order_by(Job.id)))

    return await in_transaction(app, work)


async def recorded(app: FastAPI, message_id: str) -> MailMessage | None:
    async def work(session: AsyncSession) -> MailMessage | None:
        found: MailMessage | None = await session.scalar(
            select(MailMessage).where(MailMessage.message_id == message_id)
        )
        return found

    return await in_transaction(app, work)


async def outbox_settles(app: FastAPI, done: str, *, seconds: float = 10) -> list[OutboundMail]:
    """Poll until every outbox row is in state ``done``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        rows = await outbox_rows(app)
        if rows and all(row.state == done for row in rows):
            return rows
        await asyncio.sleep(0.02)
    states = [row.state for row in await outbox_rows(app)]
    raise AssertionError(f"outbox did not settle to {done}: {states}")
