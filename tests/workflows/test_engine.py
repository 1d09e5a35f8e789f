"""The engine: automatic workflows fire on ticket events from every path, in their
order, once per chain, inside the transaction of the change that caused them."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.settings import Settings
from helpdesk.domain.jobs.models import Job
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.outbox.models import OutboundMail
from helpdesk.domain.runtime import SUBSCRIBERS
from helpdesk.domain.shared.events import TicketEvent
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.domain.tickets import service as tickets
from helpdesk.domain.tickets.models import Ticket
from tests.api.uvdesk.helpers import admin_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.conftest import bearer
from tests.factories import in_transaction
from tests.mail.messages import message
from tests.workflows.helpers import (
    HIGH,
    URGENT,
    add_group,
    add_workflow,
    automatic,
    outbox,
    runs,
    tag_names,
    ticket_view,
)

pytestmark = pytest.mark.anyio


async def invoice_workflow(
    client: httpx.AsyncClient, token: str, triggers: list[str]
) -> tuple[int, int]:
    """'subject contains invoice -> priority High, tag billing, group Billing'."""
    group = await add_group(client, token)
    body = automatic(
        "Invoices to billing",
        triggers,
        [("priority", HIGH), ("tag", "billing"), ("group", group)],
        [("subject", "contains", "invoice")],
    )
    return await add_workflow(client, token, body), group


async def test_a_matching_workflow_fires_on_a_ticket_raised_through_the_api(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    _, group = await invoice_workflow(client, admin, ["created"])

    created = await raise_ticket(client, admin, subject="My INVOICE is wrong")

    ticket = await ticket_view(client, admin, created["incrementId"])
    assert ticket["priority"]["id"] == HIGH
    assert tag_names(ticket) == ["billing"]
    assert ticket["group"]["id"] == group


async def test_a_ticket_that_does_not_match_is_left_alone(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    await invoice_workflow(client, admin, ["created"])

    created = await raise_ticket(client, admin, subject="The printer is on fire")

    ticket = await ticket_view(client, admin, created["incrementId"])
    assert (ticket["priority"]["id"], ticket["tags"], ticket["group"]) == (1, [], None)
    assert await runs(client, admin, created["ticketId"]) == []


async def test_it_fires_for_each_ticket_of_a_bulk_change(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    first = await raise_ticket(client, admin, subject="invoice 1")
    second = await raise_ticket(client, admin, subject="invoice 2")
    other = await raise_ticket(client, admin, subject="Something else")
    _, group = await invoice_workflow(client, admin, ["status"])

    response = await uv(
        client,
        "PUT",
        "/api/tickets/status.json",
        admin,
        json={"ids": [first["ticketId"], second["ticketId"], other["ticketId"]], "statusId": 2},
    )

    assert response.status_code == 200, response.text
    for created in (first, second):
        ticket = await ticket_view(client, admin, created["incrementId"])
        assert (ticket["priority"]["id"], tag_names(ticket)) == (HIGH, ["billing"])
        assert ticket["group"]["id"] == group
    untouched = await ticket_view(client, admin, other["incrementId"])
    assert untouched["priority"]["id"] == 1


async def test_it_fires_on_a_bulk_agent_assignment(app: FastAPI, client: httpx.AsyncClient) -> None:
    admin = await admin_token(app)
    created = await raise_ticket(client, admin, subject="invoice overdue")
    await invoice_workflow(client, admin, ["agent"])
    me = (await uv(client, "GET", "/api/me.json", admin)).json()

    response = await uv(
        client,
        "PUT",
        "/api/tickets/agent.json",
        admin,
        json={"ids": [created["ticketId"]], "agentId": me["id"]},
    )

    assert response.status_code == 200, response.text
    assert (await ticket_view(client, admin, created["incrementId"]))["priority"]["id"] == HIGH


async def add_mailbox(app: FastAPI) -> int:
    async def work(session: AsyncSession) -> int:
        mailbox = Mailbox(
            name="Support", email="support@desk.example", mailbox_email="support@helpdesk.local"
        )
        session.add(mailbox)
        await session.flush()
        return mailbox.id

    return await in_transaction(app, work)


async def test_it_fires_on_a_ticket_made_from_inbound_mail(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    mailbox = await add_mailbox(app)
    _, group = await invoice_workflow(client, admin, ["created"])

    response = await client.post(
        f"/api/mailbox/{mailbox}/inbound.json",
        content=message(subject="Invoice 42 is wrong").as_bytes(),
        headers={**bearer(admin), "Content-Type": "message/rfc822"},
    )

    assert response.json()["outcome"] == "created", response.text
    [listed] = (await uv(client, "GET", "/api/tickets.json", admin)).json()["tickets"]
    ticket = await ticket_view(client, admin, listed["incrementId"])
    assert (ticket["priority"]["id"], tag_names(ticket)) == (HIGH, ["billing"])
    assert ticket["group"]["id"] == group


async def test_the_later_workflow_has_the_last_word_and_reordering_changes_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    high = await add_workflow(client, admin, automatic("High", ["created"], [("priority", HIGH)]))
    urgent = await add_workflow(
        client, admin, automatic("Urgent", ["created"], [("priority", URGENT)])
    )

    before = await raise_ticket(client, admin)
    reordered = await uv(
        client, "PUT", "/api/workflows/order.json", admin, json={"auto": {urgent: 1, high: 99}}
    )
    after = await raise_ticket(client, admin)

    assert reordered.status_code == 200, reordered.text
    assert (await ticket_view(client, admin, before["incrementId"]))["priority"]["id"] == URGENT
    assert (await ticket_view(client, admin, after["incrementId"]))["priority"]["id"] == HIGH


async def test_a_workflow_its_own_action_would_trigger_again_runs_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    body = automatic(
        "Escalate", ["created", "priority"], [("priority", HIGH), ("note", "Escalated.")]
    )
    workflow = await add_workflow(client, admin, body)

    created = await raise_ticket(client, admin)

    logged = await runs(client, admin, created["ticketId"])
    assert [run["workflowId"] for run in logged] == [workflow]
    assert [action["outcome"] for action in logged[0]["actions"]] == ["set", "added"]


async def test_two_workflows_triggering_each_other_each_run_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    ping = await add_workflow(
        client, admin, automatic("Ping", ["created", "status"], [("priority", HIGH)])
    )
    pong = await add_workflow(client, admin, automatic("Pong", ["priority"], [("status", 2)]))

    created = await raise_ticket(client, admin)

    logged = await runs(client, admin, created["ticketId"])
    assert [run["workflowId"] for run in logged] == [ping, pong]
    ticket = await ticket_view(client, admin, created["incrementId"])
    assert (ticket["priority"]["id"], ticket["status"]["id"]) == (HIGH, 2)


async def test_every_run_is_logged_on_the_ticket_with_what_it_did(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    workflow, group = await invoice_workflow(client, admin, ["created"])

    created = await raise_ticket(client, admin, subject="invoice")

    [run] = await runs(client, admin, created["ticketId"])
    assert run["workflowId"] == workflow
    assert run["workflowName"] == "Invoices to billing"
    assert run["trigger"] == "created"
    assert run["actions"] == [
        {"type": "priority", "value": str(HIGH), "outcome": "set"},
        {"type": "tag", "value": "billing", "outcome": "set"},
        {"type": "group", "value": str(group), "outcome": "set"},
    ]


async def test_a_mail_action_is_queued_once_with_a_job_to_send_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    templates = (await uv(client, "GET", "/api/email-templates.json", admin)).json()
    [template] = [t for t in templates if t["name"].startswith("Ticket Generate Success")]
    await add_workflow(
        client, admin, automatic("Tell them", ["created"], [("mailCustomer", template["id"])])
    )

    created = await raise_ticket(client, admin, subject="Hello", **{"from": "c@example.com"})

    [mail] = await outbox(app)
    assert (mail.ticket_id, mail.recipients) == (created["ticketId"], ["c@example.com"])
    assert mail.subject == f"[#{created['incrementId']}] Hello"


async def test_a_failure_after_the_actions_rolls_everything_back_and_queues_nothing(
    settings: Settings,
) -> None:
    async def explode(_session: AsyncSession, _event: TicketEvent) -> None:
        raise RuntimeError("a later subscriber failed")

    runtime = Runtime.from_settings(settings, subscribers=(*SUBSCRIBERS, explode))
    try:
        with pytest.raises(RuntimeError):
            async with runtime.unit_of_work() as unit:
                await tickets.open_ticket(
                    unit.session,
                    tickets.TicketDraft(subject="Hi", reply="Hello", customer_email="c@x.example"),
                )
        async with runtime.unit_of_work() as unit:
            counted = [
                await unit.session.scalar(select(func.count()).select_from(model))
                for model in (Ticket, OutboundMail, Job)
            ]
        assert counted == [0, 0, 0]
    finally:
        await runtime.dispose()
