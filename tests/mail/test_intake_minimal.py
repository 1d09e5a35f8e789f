from __future__ import annotations

import pytest
from fastapi import FastAPI
from sqlalchemy import select

from helpdesk.domain.mailboxes.intake import Ingested, Outcome, ingest
from helpdesk.domain.tickets.models import Thread, Ticket
from tests.mail.messages import message

pytestmark = pytest.mark.anyio


async def _ingest(app: FastAPI, raw: bytes) -> Ingested:
    async with app.state.runtime.unit_of_work() as unit:
        return await ingest(unit.session, raw, via="test")


async def test_new_message_then_reply(app: FastAPI) -> None:
    first = message()
    created = await _ingest(app, first.as_bytes())
    assert created.outcome == Outcome.CREATED, created
    reply = message(subject="Re: Printer on fire", in_reply_to=first["Message-ID"])
    threaded = await _ingest(app, reply.as_bytes())
    assert threaded.outcome == Outcome.THREADED, threaded
    assert threaded.ticket_id == created.ticket_id
    again = await _ingest(app, reply.as_bytes())
    assert again.outcome == Outcome.DUPLICATE
    async with app.state.runtime.unit_of_work() as unit:
        ticket = await unit.session.scalar(select(Ticket))
        threads = list(await unit.session.scalars(select(Thread).order_by(Thread.id)))
    assert ticket is not None and ticket.source == "email"
    assert [t.message for t in threads] == [
        "<p>It is on fire.</p><p>Please help.</p>",
        "<p>It is on fire.</p><p>Please help.</p>",
    ]


async def test_truncated_goes_to_quarantine(app: FastAPI) -> None:
    raw = (
        b"From: a@b.example\r\nContent-Type: multipart/mixed; boundary=XX\r\n\r\n"
        b"--XX\r\nContent-Type: text/plain\r\n\r\nhel"
    )
    result = await _ingest(app, raw)
    assert result.outcome == Outcome.QUARANTINED, result
    assert result.quarantine_id is not None
