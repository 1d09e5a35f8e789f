"""A raw message posted to a mailbox over HTTP, and the quarantine's admin routes."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.mailboxes import quarantine
from tests.api.uvdesk.helpers import assert_uv_error, support_token, uv
from tests.conftest import bearer
from tests.factories import in_transaction
from tests.mail.desk import Desk
from tests.mail.messages import message

pytestmark = pytest.mark.anyio
RAW = {"Content-Type": "message/rfc822"}
TRUNCATED = (
    b"From: Tess <tess@customer.example>\r\nSubject: cut short\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhel"
)


async def post(
    client: httpx.AsyncClient, token: str, mailbox: int, raw: bytes, **headers: str
) -> httpx.Response:
    return await client.post(
        f"/api/mailbox/{mailbox}/inbound.json",
        content=raw,
        headers={**bearer(token), **RAW, **headers},
    )


async def test_a_posted_message_becomes_a_ticket(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)

    response = await post(client, desk.token, mailbox, message(subject="Via webhook").as_bytes())

    assert response.status_code == 200, response.text
    body = response.json()
    assert body["outcome"] == "created"
    assert body["matchedBy"] == "new"
    [ticket] = await desk.tickets()
    assert (ticket["id"], ticket["subject"]) == (body["ticketId"], "Via webhook")


async def test_a_webhook_may_carry_its_token_in_the_query_string(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)

    response = await client.post(
        f"/api/mailbox/{mailbox}/inbound.json?access_token={desk.token}",
        content=message().as_bytes(),
        headers=RAW,
    )

    assert response.json()["outcome"] == "created", response.text


async def test_posting_the_same_message_again_is_a_duplicate(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)
    raw = message().as_bytes()
    await post(client, desk.token, mailbox, raw)

    again = await post(client, desk.token, mailbox, raw)

    assert again.json()["outcome"] == "duplicate"
    assert len(await desk.tickets()) == 1


async def test_only_administrators_post_mail(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "andy@desk.example")

    response = await post(client, agent, mailbox, message().as_bytes())

    assert_uv_error(response, 403)


async def test_posting_to_an_unknown_mailbox_is_not_found(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    desk = await Desk.open(app, client)

    assert_uv_error(await post(client, desk.token, 999, message().as_bytes()), 404)


@pytest.mark.parametrize(
    ("raw", "content_type"),
    [(b"From: a@b.example\r\n\r\nhi", "application/json"), (b"  ", "message/rfc822")],
)
async def test_a_body_that_is_not_a_message_is_a_bad_request(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int, raw: bytes, content_type: str
) -> None:
    desk = await Desk.open(app, client)

    response = await post(client, desk.token, mailbox, raw, **{"Content-Type": content_type})

    assert_uv_error(response, 400)


async def test_a_message_that_cannot_be_read_is_quarantined_and_listed(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)

    posted = (await post(client, desk.token, mailbox, TRUNCATED)).json()

    assert posted["outcome"] == "quarantined"
    [item] = (await desk.get("/api/mail/quarantine.json"))["quarantine"]
    assert item["id"] == posted["quarantineId"]
    assert item["sender"] == "tess@customer.example"
    assert item["subject"] == "cut short"
    assert item["via"] == "http"
    assert item["mailbox"] == mailbox
    assert "CloseBoundaryNotFoundDefect" in item["reason"]
    assert await desk.tickets() == []


async def test_the_raw_message_is_downloaded_as_it_arrived(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)
    posted = (await post(client, desk.token, mailbox, TRUNCATED)).json()

    download = await uv(
        client, "GET", f"/api/mail/quarantine/{posted['quarantineId']}.eml", desk.token
    )

    assert download.status_code == 200
    assert download.content == TRUNCATED
    assert download.headers["content-type"].startswith("message/rfc822")


async def test_the_same_broken_message_again_counts_an_attempt(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)
    first = (await post(client, desk.token, mailbox, TRUNCATED)).json()

    retried = await uv(
        client, "POST", f"/api/mail/quarantine/{first['quarantineId']}/retry.json", desk.token
    )

    assert retried.json()["outcome"] == "quarantined"
    [item] = (await desk.get("/api/mail/quarantine.json"))["quarantine"]
    assert item["attempts"] == 2


async def test_a_retried_message_that_goes_through_leaves_the_quarantine(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)

    async def set_aside(session: AsyncSession) -> int:
        kept = await quarantine.set_aside(
            session,
            message(subject="Was stuck").as_bytes(),
            reason="the database was away",
            via="smtp",
            mailbox_id=mailbox,
            recipients=["support.k3y@helpdesk.localhost"],
        )
        return kept.id

    item_id = await in_transaction(app, set_aside)

    retried = await uv(client, "POST", f"/api/mail/quarantine/{item_id}/retry.json", desk.token)

    assert retried.json()["outcome"] == "created", retried.text
    assert (await desk.get("/api/mail/quarantine.json"))["quarantine"] == []
    [ticket] = await desk.tickets()
    assert ticket["subject"] == "Was stuck"


async def test_a_dropped_message_is_gone(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)
    posted = (await post(client, desk.token, mailbox, TRUNCATED)).json()
    item = posted["quarantineId"]

    dropped = await uv(client, "DELETE", f"/api/mail/quarantine/{item}.json", desk.token)

    assert dropped.status_code == 200, dropped.text
    assert (await desk.get("/api/mail/quarantine.json"))["quarantine"] == []
    assert_uv_error(await uv(client, "GET", f"/api/mail/quarantine/{item}.eml", desk.token), 404)


async def test_only_administrators_see_the_quarantine(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "andy@desk.example")

    assert_uv_error(await uv(client, "GET", "/api/mail/quarantine.json", agent), 403)


async def test_a_message_without_a_sender_is_quarantined(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)

    posted = (await post(client, desk.token, mailbox, b"Subject: who?\r\n\r\nNo From.")).json()

    assert posted["outcome"] == "quarantined"
    assert "no sender" in posted["reason"]
    assert await desk.tickets() == []


async def test_a_message_without_a_message_id_is_still_taken_in_once(
    app: FastAPI, client: httpx.AsyncClient, mailbox: int
) -> None:
    desk = await Desk.open(app, client)
    raw = b"From: nomid@customer.example\r\nSubject: no id\r\n\r\nHello."

    first = (await post(client, desk.token, mailbox, raw)).json()
    again = (await post(client, desk.token, mailbox, raw)).json()

    assert first["outcome"] == "created"
    assert first["messageId"].endswith("@synthetic.helpdesk.invalid")
    assert (again["outcome"], again["messageId"]) == ("duplicate", first["messageId"])
