"""Agent replies leave by SMTP after their transaction commits, threaded, exactly once."""

from __future__ import annotations

import asyncio
import time
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity import service as identity
from helpdesk.domain.jobs.models import Job, JobState
from helpdesk.domain.jobs.queue import claim
from helpdesk.domain.mailboxes.addresses import parse_reply_address
from helpdesk.domain.mailboxes.models import Direction, EmailTemplate
from helpdesk.domain.outbox import replies
from helpdesk.domain.outbox.models import OutboxState
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.domain.tickets.models import ThreadType
from helpdesk.domain.tickets.threads import Reply
from helpdesk.jobs.worker import Worker
from tests.api.uvdesk.helpers import admin_token
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.factories import in_transaction
from tests.mail.outbox_helpers import (
    CUSTOMER,
    add_mailbox,
    agent_reply,
    jobs,
    outbox_rows,
    outbox_settles,
    recorded,
    ticket_with_reply,
)
from tests.smtp_sink import SmtpSink, header_ids

pytestmark = pytest.mark.anyio


async def test_an_agent_reply_arrives_from_the_mailbox_with_the_tickets_reply_address(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, worker: Worker
) -> None:
    await add_mailbox(app)
    token = await admin_token(app)
    ticket_id, _ = await ticket_with_reply(client, token, "We are on it.")

    [message] = await smtp_sink.wait_for(1)
    assert message["From"] == "Example Support <support@example.com>"
    assert message["To"] == CUSTOMER
    keys = app.state.runtime.keys
    assert parse_reply_address(str(message["Reply-To"]), keys) == (
        "support@helpdesk.localhost",
        ticket_id,
    )
    assert message["Subject"] == "Re: [#1] subject of ticket"
    html = message.get_body(("html",))
    assert html is not None
    assert "<p>We are on it.</p>" in html.get_content()
    assert "Ada Admin" in html.get_content()


async def test_the_sent_message_id_is_recorded_with_its_ticket_and_thread(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, worker: Worker
) -> None:
    token = await admin_token(app)
    ticket_id, thread_id = await ticket_with_reply(client, token)

    [message] = await smtp_sink.wait_for(1)
    [message_id] = header_ids(message, "Message-ID")
    record = await recorded(app, message_id)
    assert record is not None
    assert (record.direction, record.ticket_id, record.thread_id) == (
        Direction.OUTBOUND,
        ticket_id,
        thread_id,
    )


async def test_a_later_reply_is_threaded_after_the_earlier_mail_of_its_ticket(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, worker: Worker
) -> None:
    token = await admin_token(app)
    ticket_id, _ = await ticket_with_reply(client, token, "First answer.")
    [first] = await smtp_sink.wait_for(1)
    await agent_reply(client, token, ticket_id, "Second answer.")

    second = (await smtp_sink.wait_for(2))[1]
    [first_id] = header_ids(first, "Message-ID")
    assert "In-Reply-To" not in first
    assert header_ids(second, "In-Reply-To") == [first_id]
    assert header_ids(second, "References") == [first_id]
    assert header_ids(second, "Message-ID") != [first_id]


async def test_collaborators_are_copied(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, worker: Worker
) -> None:
    token = await admin_token(app)
    ticket = await raise_ticket(client, token, **{"from": CUSTOMER})
    response = await client.post(
        f"/api/ticket/{ticket['ticketId']}/collaborator.json",
        json={"email": "colleague@example.com"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    await agent_reply(client, token, ticket["ticketId"], "Hello both.")

    [message] = await smtp_sink.wait_for(1)
    assert message["Cc"] == "colleague@example.com"
    assert sorted(smtp_sink.envelope_recipients[0]) == ["colleague@example.com", CUSTOMER]


async def test_a_customer_reply_or_an_agent_note_is_not_mailed(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    token = await admin_token(app)
    ticket = await raise_ticket(client, token, **{"from": CUSTOMER})
    response = await client.post(
        f"/api/ticket/{ticket['ticketId']}/threads.json",
        json={"threadType": "note", "reply": "internal"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert response.status_code == 200, response.text
    assert await outbox_rows(app) == []


async def test_a_rolled_back_reply_sends_nothing(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, worker: Worker
) -> None:
    token = await admin_token(app)
    ticket = await raise_ticket(client, token, **{"from": CUSTOMER})

    class Abandoned(Exception):
        pass

    async def reply_then_fail(session: AsyncSession) -> None:
        actor = await identity.authenticate(session, token)
        given = Reply(thread_type=ThreadType.REPLY, message="<p>never mind</p>")
        await replies.reply(session, actor, ticket["ticketId"], given)
        raise Abandoned

    with pytest.raises(Abandoned):
        await in_transaction(app, reply_then_fail)
    await agent_reply(client, token, ticket["ticketId"], "The real answer.")

    [message] = await smtp_sink.wait_for(1)
    assert "The real answer." in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    assert len(await outbox_rows(app)) == 1


async def test_with_the_smtp_server_down_a_reply_waits_and_is_delivered_once_it_is_back(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink
) -> None:
    worker = Worker(app.state.runtime, name="stepped")  # driven one job at a time
    smtp_sink.stop()
    token = await admin_token(app)
    await ticket_with_reply(client, token, "Sent while the server was down.")

    assert await worker.run_one()
    [waiting] = await outbox_rows(app)
    assert (waiting.state, waiting.attempts) == (OutboxState.QUEUED, 1)
    assert waiting.last_error
    smtp_sink.start()
    await _next_job_ran(worker)

    [sent] = await outbox_rows(app)
    assert (sent.state, sent.attempts) == (OutboxState.SENT, 2)
    assert len(smtp_sink.snapshot()) == 1
    assert await jobs(app) == []  # nothing is left that could send it again


async def _next_job_ran(worker: Worker, seconds: float = 10) -> None:
    """Poll until the retry falls due and the worker runs it."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await worker.run_one():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("no job fell due")


async def test_after_the_last_try_the_mail_is_failed_with_the_reason(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, worker: Worker
) -> None:
    smtp_sink.stop()
    token = await admin_token(app)
    await ticket_with_reply(client, token)

    [row] = await outbox_settles(app, OutboxState.FAILED)
    assert row.attempts == app.state.runtime.settings.job_max_attempts
    assert row.last_error
    job = await _settled_job(app)
    assert (job.state, job.last_error) == (JobState.FAILED, row.last_error)


async def _settled_job(app: FastAPI, seconds: float = 10) -> Job:
    """The one job, once its worker has recorded the outcome (just after the row's)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        [job] = await jobs(app)
        if job.state != JobState.RUNNING:
            return job
        await asyncio.sleep(0.01)
    raise AssertionError("the job is still running")


async def test_a_job_whose_worker_died_is_claimed_again_once_its_lease_ran_out(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink
) -> None:
    token = await admin_token(app)
    await ticket_with_reply(client, token, "Outlives its first worker.")

    async def claim_and_die(session: AsyncSession) -> None:
        taken = await claim(session, "doomed-worker", lease=timedelta(milliseconds=200))
        assert taken is not None

    await in_transaction(app, claim_and_die)
    stop = asyncio.Event()
    survivor = asyncio.create_task(Worker(app.state.runtime, name="survivor").run(stop))
    try:
        await smtp_sink.wait_for(1)
        [row] = await outbox_settles(app, OutboxState.SENT)
    finally:
        stop.set()
        await survivor
    assert row.attempts == 1  # the dead worker never reached the SMTP server
    assert len(smtp_sink.snapshot()) == 1


async def test_two_workers_on_their_own_engines_send_each_message_once(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, second_runtime: Runtime
) -> None:
    token = await admin_token(app)
    ticket = await raise_ticket(client, token, **{"from": CUSTOMER})
    for index in range(12):
        await agent_reply(client, token, ticket["ticketId"], f"Answer {index}.")

    stop = asyncio.Event()
    runtimes = [app.state.runtime, second_runtime]
    workers = [
        asyncio.create_task(Worker(runtime, name=f"w{n}", concurrency=3).run(stop))
        for n, runtime in enumerate(runtimes)
    ]
    try:
        await outbox_settles(app, OutboxState.SENT, seconds=30)
    finally:
        stop.set()
        await asyncio.gather(*workers)
    sent_ids = [header_ids(message, "Message-ID")[0] for message in smtp_sink.snapshot()]
    assert len(sent_ids) == 12
    assert len(set(sent_ids)) == 12


async def test_a_template_with_an_unknown_placeholder_still_sends_with_it_empty(
    client: httpx.AsyncClient, app: FastAPI, smtp_sink: SmtpSink, worker: Worker
) -> None:
    async def garble_template(session: AsyncSession) -> None:
        template = await session.scalar(
            select(EmailTemplate).where(EmailTemplate.code == "ticket.reply.customer")
        )
        assert template is not None
        template.subject = "[#{%ticket.id%}] {%ticket.nonsense%}{%ticket.status%}"
        template.message = "<p>{%ticket.customerEmail%}{%ticket.nonsense%}</p>"

    await in_transaction(app, garble_template)
    token = await admin_token(app)
    await ticket_with_reply(client, token)

    [message] = await smtp_sink.wait_for(1)
    assert message["Subject"] == "[#1] Open"
    assert message.get_body(("plain",)).get_content().strip() == CUSTOMER  # type: ignore[union-attr]


async def test_the_server_process_sends_mail_itself_on_sqlite(
    live_server: str, app: FastAPI, smtp_sink: SmtpSink
) -> None:
    """The in-process worker the app starts with (the SQLite default; on in this suite's
    mail settings for every database) takes the reply at once."""
    token = await admin_token(app)
    async with httpx.AsyncClient(base_url=live_server) as remote:
        await ticket_with_reply(remote, token, "From the server's own worker.")

    [message] = await smtp_sink.wait_for(1)
    assert "From the server's own worker." in message.get_body(("plain",)).get_content()  # type: ignore[union-attr]
