"""What intake does not turn into normal tickets: machine-written mail, spam, mail for
deleted tickets, our own mail come back; and replies by agents."""

from __future__ import annotations

from email.message import EmailMessage

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.mailboxes.models import Direction, MailMessage
from tests.api.uvdesk.helpers import support_token, uv
from tests.factories import in_transaction
from tests.mail.conftest import SUPPORT, SmtpListener
from tests.mail.desk import Desk
from tests.mail.messages import message

pytestmark = [pytest.mark.anyio, pytest.mark.usefixtures("mailbox")]
SPAM_STATUS = 5


async def set_spam_lists(client: httpx.AsyncClient, admin: str, **lists: str) -> None:
    response = await uv(client, "PUT", "/api/company/spam.json", admin, json=lists)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Auto-Submitted": "auto-generated; type=vacation"},
        {"Precedence": "bulk"},
        {"Precedence": "auto_reply"},
        {"X-Autoreply": "yes"},
        {"X-Autorespond": "Out of office"},
    ],
)
async def test_auto_replies_create_no_ticket(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener, headers: dict[str, str]
) -> None:
    await smtp_listener.send(message(subject="Out of office", headers=headers))

    assert await (await Desk.open(app, client)).tickets() == []


async def test_mail_marked_not_auto_submitted_is_a_normal_message(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message(headers={"Auto-Submitted": "no"}))

    assert len(await (await Desk.open(app, client)).tickets()) == 1


async def test_delivery_status_reports_create_no_ticket(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    bounce = message(sender="Mail Delivery System <MAILER-DAEMON@relay.example>")
    await smtp_listener.send(bounce)
    report = EmailMessage()
    report["From"] = "postmaster@relay.example"
    report["To"] = SUPPORT
    report["Subject"] = "Undelivered Mail Returned to Sender"
    report["Message-ID"] = "<dsn-1@relay.example>"
    report.set_content("The mail could not be delivered.")
    report.add_attachment("Reporting-MTA: dns; relay.example\n", subtype="delivery-status")
    report.replace_header("Content-Type", 'multipart/report; report-type="delivery-status"')
    await smtp_listener.send(report)

    assert await (await Desk.open(app, client)).tickets() == []


async def test_a_blacklisted_sender_only_ever_makes_a_spam_ticket(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    desk = await Desk.open(app, client)
    await set_spam_lists(client, desk.token, blackList="spammer.example, someone@else.example")
    first = message(sender="Spammer <win@spammer.example>", subject="You won")
    await smtp_listener.send(first)
    await smtp_listener.send(
        message(
            sender="win@spammer.example", subject="Re: You won", in_reply_to=first["Message-ID"]
        )
    )

    tickets = await desk.tickets()
    assert [ticket["status"]["id"] for ticket in tickets] == [SPAM_STATUS, SPAM_STATUS]


async def test_the_white_list_wins_over_the_black_list(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    desk = await Desk.open(app, client)
    await set_spam_lists(
        client, desk.token, blackList="customer.example", whiteList="carla@customer.example"
    )
    await smtp_listener.send(message())

    [ticket] = await desk.tickets()
    assert ticket["status"]["id"] != SPAM_STATUS


async def test_mail_for_a_ticket_deleted_for_good_never_recreates_it(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    first = message()
    await smtp_listener.send(first)
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    deleted = await uv(client, "DELETE", f"/api/ticket/{ticket['id']}.json", desk.token)
    assert deleted.status_code == 200, deleted.text

    await smtp_listener.send(first)
    await smtp_listener.send(
        message(subject="Re: Printer on fire", in_reply_to=first["Message-ID"])
    )
    await smtp_listener.send(
        message(subject="Re: Printer on fire", references=f"<x@y.example> {first['Message-ID']}")
    )

    assert await desk.tickets() == []


async def test_a_reply_to_our_own_outgoing_mail_joins_its_ticket(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message())
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()

    async def sent(session: AsyncSession) -> None:
        session.add(
            MailMessage(
                message_id="reply-1@desk.example",
                direction=Direction.OUTBOUND,
                ticket_id=ticket["id"],
            )
        )

    await in_transaction(app, sent)
    await smtp_listener.send(
        message(
            subject="Thanks",
            in_reply_to="<reply-1@desk.example>",
            references="<reply-1@desk.example>",
        )
    )

    assert len(await desk.threads(ticket["id"])) == 2


async def test_a_reply_from_an_agent_is_an_agent_reply(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await support_token(app, SupportRole.AGENT, "andy@desk.example", name="Andy Agent")
    first = message()
    await smtp_listener.send(first)
    await smtp_listener.send(
        message(
            sender="Andy Agent <andy@desk.example>",
            subject="Re: Printer on fire",
            body="Unplug it.",
            in_reply_to=first["Message-ID"],
        )
    )

    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()
    threads = await desk.threads(ticket["id"])
    assert threads[1]["userType"] == "agent"
    assert threads[1]["user"]["email"] == "andy@desk.example"
    details = await desk.ticket(ticket["incrementId"])
    assert details["collaborators"] == []


async def test_an_agent_quoting_a_ticket_number_joins_it(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await support_token(app, SupportRole.AGENT, "andy@desk.example")
    await smtp_listener.send(message())
    desk = await Desk.open(app, client)
    [ticket] = await desk.tickets()

    await smtp_listener.send(
        message(sender="andy@desk.example", subject=f"#{ticket['incrementId']} done")
    )

    assert len(await desk.tickets()) == 1
    assert len(await desk.threads(ticket["id"])) == 2


async def test_our_own_mail_coming_back_creates_nothing(
    app: FastAPI, client: httpx.AsyncClient, smtp_listener: SmtpListener
) -> None:
    await smtp_listener.send(message(sender=f"Support <{SUPPORT}>"))

    assert await (await Desk.open(app, client)).tickets() == []
