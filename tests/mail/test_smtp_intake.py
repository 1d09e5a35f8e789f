"""Mail sent over SMTP to the listener becomes tickets and threads."""

from __future__ import annotations

import smtplib

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.mailboxes.addresses import reply_address
from tests.mail.conftest import RECEIVING, SUPPORT, SmtpListener, add_mailbox
from tests.mail.desk import Desk
from tests.mail.messages import message

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("mailbox")]


async def test_a_new_message_becomes_a_ticket_with_the_sender_as_customer(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener, mailbox: int
) -> None:
    await smtp_listener.send(message(subject="Printer on fire", body="It is on fire."))

    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    assert ticket["subject"] == "Printer on fire"
    assert ticket["source"] == "email"
    assert ticket["customer"]["email"] == "carla@customer.example"
    assert ticket["customer"]["name"] == "Carla Customer"
    [opening] = await desk.threads(ticket["id"])
    assert opening["reply"] == "<p>It is on fire.</p>"
    assert opening["source"] == "email"
    in_mailbox = await desk.get("/api/tickets.json", params={"mailbox": mailbox})
    assert [found["id"] for found in in_mailbox["tickets"]] == [ticket["id"]]
    elsewhere = await desk.get("/api/tickets.json", params={"mailbox": mailbox + 1})
    assert elsewhere["tickets"] == []


async def test_a_reply_joins_the_ticket_it_answers(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    first = message()
    await smtp_listener.send(first)
    await smtp_listener.send(
        message(
            subject="Re: Printer on fire", body="Still burning.", in_reply_to=first["Message-ID"]
        )
    )

    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    threads = await desk.threads(ticket["id"])
    assert [thread["reply"] for thread in threads] == [
        "<p>It is on fire.</p><p>Please help.</p>",
        "<p>Still burning.</p>",
    ]
    assert threads[1]["threadType"] == "reply"
    assert threads[1]["userType"] == "customer"


async def test_the_same_message_twice_is_taken_in_once(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    first = message()
    reply = message(subject="Re: Printer on fire", in_reply_to=first["Message-ID"])
    await smtp_listener.send(first)
    await smtp_listener.send(reply)
    await smtp_listener.send(reply)
    await smtp_listener.send(first)

    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    assert len(await desk.threads(ticket["id"])) == 2


async def test_a_reply_without_references_joins_by_its_reply_address(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message())
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    address = reply_address(RECEIVING, ticket["id"], app.state.runtime.keys)

    await smtp_listener.send(message(subject="about my printer", to=address), to=[address])

    assert len(await desk.tickets()) == 1
    threads = await desk.threads(ticket["id"])
    assert len(threads) == 2


async def test_a_reply_without_references_joins_by_the_ticket_number_in_its_subject(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message())
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()

    await smtp_listener.send(message(subject=f"Re: [#{ticket['incrementId']}] Printer on fire"))

    assert len(await desk.tickets()) == 1
    assert len(await desk.threads(ticket["id"])) == 2


async def test_an_outsider_quoting_a_ticket_number_starts_a_new_ticket(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message())
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()

    await smtp_listener.send(
        message(
            sender="Mallory <mallory@outside.example>",
            subject=f"Re: [#{ticket['incrementId']}] let me in",
        )
    )

    first, second = await desk.tickets()
    assert len(await desk.threads(first["id"])) == 1
    assert second["customer"]["email"] == "mallory@outside.example"


async def test_a_reply_from_someone_in_cc_joins_and_makes_them_a_collaborator(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    first = message(cc="Colin Colleague <colin@customer.example>")
    await smtp_listener.send(first)
    await smtp_listener.send(
        message(
            sender="Colin Colleague <colin@customer.example>",
            subject="Re: Printer on fire",
            in_reply_to=first["Message-ID"],
        )
    )

    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    threads = await desk.threads(ticket["id"])
    assert threads[1]["user"]["email"] == "colin@customer.example"
    assert threads[1]["userType"] == "collaborator"
    details = await desk.ticket(ticket["incrementId"])
    assert [person["email"] for person in details["collaborators"]] == ["colin@customer.example"]


async def test_people_in_cc_of_a_new_message_become_collaborators(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message(cc=f"Colin <colin@customer.example>, {SUPPORT}"))

    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    details = await desk.ticket(ticket["incrementId"])
    assert [person["email"] for person in details["collaborators"]] == ["colin@customer.example"]


async def test_mail_for_an_unknown_address_is_refused_at_rcpt(
    smtp_listener: SmtpListener,
) -> None:
    with smtplib.SMTP(smtp_listener.host, smtp_listener.port, timeout=30) as smtp:
        smtp.ehlo()
        smtp.mail("carla@customer.example")
        code, _ = smtp.rcpt("nobody@helpdesk.localhost")
        assert code == 550
        code, _ = smtp.rcpt(SUPPORT)
        assert code == 250


async def test_mail_for_an_inactive_mailbox_is_refused_at_rcpt(
    app: FastAPI, smtp_listener: SmtpListener
) -> None:
    await add_mailbox(app, "old@desk.example", "old.x1@helpdesk.localhost", active=False)
    with smtplib.SMTP(smtp_listener.host, smtp_listener.port, timeout=30) as smtp:
        smtp.ehlo()
        smtp.mail("carla@customer.example")
        code, _ = smtp.rcpt("old.x1@helpdesk.localhost")
        assert code == 550


async def test_a_reply_address_is_accepted_at_rcpt(
    app: FastAPI, smtp_listener: SmtpListener
) -> None:
    address = reply_address(RECEIVING, 42, app.state.runtime.keys)
    forged = address.replace("+t42.", "+t43.")
    with smtplib.SMTP(smtp_listener.host, smtp_listener.port, timeout=30) as smtp:
        smtp.ehlo()
        smtp.mail("carla@customer.example")
        assert smtp.rcpt(address)[0] == 250
        assert smtp.rcpt(forged)[0] == 550
