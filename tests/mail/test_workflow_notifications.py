"""The default notification workflows: acknowledgements to customers, replies and
assignments to agents, sent by the engine through the outbox after commit, and never in
answer to spam."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.mailboxes.intake import IMPORT, Ingested, Outcome, ingest
from helpdesk.jobs.worker import Worker
from tests.api.uvdesk.helpers import support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.factories import in_transaction
from tests.mail.conftest import SmtpListener
from tests.mail.desk import Desk
from tests.mail.messages import message
from tests.mail.outbox_helpers import outbox_rows, outbox_settles
from tests.mail.test_mail_rules import set_spam_lists
from tests.smtp_sink import SmtpSink
from tests.workflows.helpers import default_workflows, runs

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("mailbox")]
AGENT = "agent@desk.example"


async def test_a_customers_new_ticket_is_acknowledged_once_after_commit(
    app: FastAPI,
    client: httpx.AsyncClient,
    smtp_listener: SmtpListener,
    smtp_sink: SmtpSink,
    worker: Worker,
) -> None:
    await smtp_listener.send(message(subject="Printer on fire"))

    [acknowledgement] = await smtp_sink.wait_for(1)
    await outbox_settles(app, "sent")
    assert acknowledgement["To"] == "carla@customer.example"
    assert acknowledgement["Subject"] == "[#1] Printer on fire"
    assert len(smtp_sink.snapshot()) == 1
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    [run] = await runs(client, desk.token, int(ticket["id"]))
    assert (run["workflowName"], run["actions"][0]["outcome"]) == (
        "Acknowledge a new ticket",
        "queued",
    )


async def test_a_ticket_a_customer_raises_through_the_api_is_acknowledged(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    customer = await support_token(app, SupportRole.CUSTOMER, "c@example.com")

    await raise_ticket(client, customer, **{"from": "c@example.com"})

    [mail] = await outbox_rows(app)
    assert (mail.recipients, mail.template_code) == (["c@example.com"], "ticket.created.customer")


async def test_a_ticket_an_agent_raises_for_a_customer_is_not_acknowledged(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk = await Desk.open(app, client)

    await raise_ticket(client, desk.token, **{"from": "c@example.com"})

    assert await outbox_rows(app) == []


async def test_spam_is_never_answered(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    desk = await Desk.open(app, client)
    await set_spam_lists(client, desk.token, blackList="spammer.example")

    await smtp_listener.send(message(sender="win@spammer.example", subject="You won"))

    [ticket] = await desk.tickets()
    assert await outbox_rows(app) == []
    [run] = await runs(client, desk.token, int(ticket["id"]))
    assert run["actions"][0]["outcome"].startswith("skipped: not answerable")


async def test_an_auto_reply_makes_no_ticket_and_no_mail(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message(headers={"Auto-Submitted": "auto-replied"}))

    assert await (await Desk.open(app, client)).tickets() == []
    assert await outbox_rows(app) == []


async def test_the_assigned_agent_is_told_and_then_told_of_the_customers_replies(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk = await Desk.open(app, client)
    agent_token = await support_token(app, SupportRole.AGENT, AGENT)
    agent = (await uv(client, "GET", "/api/me.json", agent_token)).json()
    customer = await support_token(app, SupportRole.CUSTOMER, "c@example.com")
    created = await raise_ticket(client, desk.token, **{"from": "c@example.com"})

    assigned = await uv(
        client,
        "PUT",
        f"/api/ticket/{created['ticketId']}/agent.json",
        desk.token,
        json={"id": agent["id"]},
    )
    replied = await uv(
        client,
        "POST",
        f"/api/ticket/{created['ticketId']}/threads.json",
        customer,
        json={"threadType": "reply", "reply": "Any news?"},
    )

    assert (assigned.status_code, replied.status_code) == (200, 200), replied.text
    mails = await outbox_rows(app)
    assert [(m.template_code, m.recipients) for m in mails] == [
        ("ticket.assigned.agent", [AGENT]),
        ("ticket.reply.agent", [AGENT]),
    ]
    assert "Any news?" in mails[1].text_body


async def test_a_default_workflow_removed_sends_nothing_more(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk = await Desk.open(app, client)
    customer = await support_token(app, SupportRole.CUSTOMER, "c@example.com")
    workflow = (await default_workflows(app))["Acknowledge a new ticket"]

    removed = await uv(client, "DELETE", f"/api/workflow/1/{workflow}.json", desk.token)
    await raise_ticket(client, customer, **{"from": "c@example.com"})

    assert removed.status_code == 200, removed.text
    assert await outbox_rows(app) == []


async def test_imported_mail_is_history_and_never_answered(app: FastAPI, mailbox: int) -> None:
    async def work(session: AsyncSession) -> Ingested:
        return await ingest(session, message().as_bytes(), via=IMPORT, mailbox_id=mailbox)

    imported = await in_transaction(app, work)

    assert imported.outcome == Outcome.CREATED
    assert await outbox_rows(app) == []
