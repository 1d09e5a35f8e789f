"""Real SMTP both ways: a customer mails the listener, an agent answers through the API,
the answer reaches an SMTP sink threaded, and the customer's reply to it joins the ticket
however much of its threading survived the way back."""

from __future__ import annotations

from email.message import EmailMessage

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.jobs.worker import Worker
from tests.mail.conftest import RECEIVING, SmtpListener
from tests.mail.desk import Desk
from tests.mail.messages import message
from tests.mail.outbox_helpers import agent_reply, outbox_settles
from tests.smtp_sink import SmtpSink, header_ids

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("mailbox")]


async def answered_ticket(
    app: FastAPI,
    client: httpx.AsyncClient,
    smtp_listener: SmtpListener,
    smtp_sink: SmtpSink,
) -> tuple[Desk, dict[str, object], EmailMessage, EmailMessage]:
    """A customer's mail made a ticket (acknowledged by the default workflow) and an agent
    answered it: (desk, ticket, the customer's mail, the answer as the customer received
    it)."""
    first = message(subject="Printer on fire")
    await smtp_listener.send(first)
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    await agent_reply(client, desk.token, int(str(ticket["id"])), "Unplug it.")
    mails = await smtp_sink.wait_for(2)
    [acknowledgement] = [mail for mail in mails if not str(mail["Subject"]).startswith("Re:")]
    [answer] = [mail for mail in mails if str(mail["Subject"]).startswith("Re:")]
    assert acknowledgement["Subject"] == f"[#{ticket['incrementId']}] Printer on fire"
    # The worker runs in this loop, and the listener is called synchronously: let the worker
    # finish recording what it sent before the test blocks the loop.
    await outbox_settles(app, "sent")
    return desk, ticket, first, answer


def customer_reply(answer: EmailMessage, *, subject: str | None = None) -> EmailMessage:
    """What a mail client writes when the customer presses Reply."""
    references = " ".join(f"<{mid}>" for mid in header_ids(answer, "References"))
    return message(
        subject=subject or f"Re: {answer['Subject']}",
        to=str(answer["Reply-To"]),
        body="Unplugged, thanks.",
        in_reply_to=str(answer["Message-ID"]),
        references=f"{references} {answer['Message-ID']}".strip(),
    )


async def test_an_agent_answer_reaches_the_customer_threaded_and_their_reply_joins(
    app: FastAPI,
    client: httpx.AsyncClient,
    smtp_listener: SmtpListener,
    smtp_sink: SmtpSink,
    worker: Worker,
) -> None:
    desk, ticket, first, answer = await answered_ticket(app, client, smtp_listener, smtp_sink)

    assert "carla@customer.example" in str(answer["To"])
    assert header_ids(answer, "In-Reply-To") == [first["Message-ID"].strip("<>")]
    assert first["Message-ID"].strip("<>") in header_ids(answer, "References")
    reply_to = str(answer["Reply-To"])
    assert reply_to.startswith("support.k3y+t") and reply_to.endswith("@helpdesk.localhost")

    await smtp_listener.send(customer_reply(answer), to=[reply_to])

    assert len(await desk.tickets()) == 1
    threads = await desk.threads(int(str(ticket["id"])))
    assert [thread["userType"] for thread in threads] == ["customer", "agent", "customer"]
    assert threads[2]["reply"] == "<p>Unplugged, thanks.</p>"


async def test_the_same_reply_sent_again_is_ignored(
    app: FastAPI,
    client: httpx.AsyncClient,
    smtp_listener: SmtpListener,
    smtp_sink: SmtpSink,
    worker: Worker,
) -> None:
    desk, ticket, _, answer = await answered_ticket(app, client, smtp_listener, smtp_sink)
    reply = customer_reply(answer)

    await smtp_listener.send(reply, to=[str(answer["Reply-To"])])
    await smtp_listener.send(reply, to=[str(answer["Reply-To"])])

    assert len(await desk.threads(int(str(ticket["id"])))) == 3


async def test_a_reply_stripped_of_its_threading_headers_joins_by_reply_address(
    app: FastAPI,
    client: httpx.AsyncClient,
    smtp_listener: SmtpListener,
    smtp_sink: SmtpSink,
    worker: Worker,
) -> None:
    desk, ticket, _, answer = await answered_ticket(app, client, smtp_listener, smtp_sink)
    stripped = customer_reply(answer, subject="my printer again")
    del stripped["In-Reply-To"], stripped["References"]

    await smtp_listener.send(stripped, to=[str(answer["Reply-To"])])

    assert len(await desk.tickets()) == 1
    assert len(await desk.threads(int(str(ticket["id"])))) == 3


async def test_a_reply_stripped_of_headers_and_reply_address_joins_by_subject_number(
    app: FastAPI,
    client: httpx.AsyncClient,
    smtp_listener: SmtpListener,
    smtp_sink: SmtpSink,
    worker: Worker,
) -> None:
    desk, ticket, _, answer = await answered_ticket(app, client, smtp_listener, smtp_sink)
    assert f"[#{ticket['incrementId']}]" in str(answer["Subject"])
    stripped = customer_reply(answer)
    del stripped["In-Reply-To"], stripped["References"]
    stripped.replace_header("To", RECEIVING)

    await smtp_listener.send(stripped, to=[RECEIVING])

    assert len(await desk.tickets()) == 1
    assert len(await desk.threads(int(str(ticket["id"])))) == 3
