"""The XSS corpus (tests/api/xss.py) through every field that takes text, in both dialects.

HTML fields (UVdesk ticket and thread bodies, saved replies, email templates) are sanitised
with nh3 when written: what comes back holds no executable construct. Plain-text fields
(subjects, names, Marketplace message content, which is markdown) come back exactly as
sent, as JSON text in a JSON answer that browsers never sniff: data, never markup
(docs/security.md, "Safe content").
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.marketplace.helpers import call, make_parties
from tests.api.test_safe_content import assert_inert_json
from tests.api.uvdesk.helpers import admin_token, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET, raise_ticket
from tests.api.xss import CORPUS, INERT_AS_SENT, executable_constructs

pytestmark = pytest.mark.anyio

Stored = tuple[httpx.Response, Any]  # the read-back answer and the field's value in it
Writer = Callable[[httpx.AsyncClient, str, str], Awaitable[Stored | None]]


def test_the_scanner_sees_every_payload_that_is_executable_as_sent() -> None:
    for payload in CORPUS:
        assert bool(executable_constructs(payload)) == (payload not in INERT_AS_SENT), payload


async def ticket_body(client: httpx.AsyncClient, token: str, payload: str) -> Stored | None:
    raised = await uv(
        client, "POST", "/api/tickets.json", token, json={**SEED_TICKET, "reply": payload}
    )
    if raised.status_code == 400:
        return None
    assert raised.status_code == 200, raised.text
    view = await uv(client, "GET", f"/api/ticket/{raised.json()['incrementId']}.json", token)
    return view, view.json()["createThread"]["reply"]


async def thread_body(client: httpx.AsyncClient, token: str, payload: str) -> Stored | None:
    ticket = (await raise_ticket(client, token))["ticketId"]
    added = await uv(
        client,
        "POST",
        f"/api/ticket/{ticket}/threads.json",
        token,
        json={"threadType": "note", "reply": payload},
    )
    if added.status_code == 400:
        return None
    assert added.status_code == 200, added.text
    listed = await uv(client, "GET", f"/api/ticket/{ticket}/threads.json", token)
    [thread] = [t for t in listed.json()["threads"] if t["id"] == added.json()["id"]]
    return listed, thread["reply"]


async def edited_thread_body(client: httpx.AsyncClient, token: str, payload: str) -> Stored | None:
    raised = await raise_ticket(client, token)
    ticket = raised["ticketId"]
    listed = await uv(client, "GET", f"/api/ticket/{ticket}/threads.json", token)
    thread = listed.json()["threads"][0]["id"]
    path = f"/api/ticket/{ticket}/thread/{thread}.json"
    edited = await uv(client, "PUT", path, token, json={"reply": payload})
    if edited.status_code == 400:
        return None
    assert edited.status_code == 200, edited.text
    listed = await uv(client, "GET", f"/api/ticket/{ticket}/threads.json", token)
    [found] = [t for t in listed.json()["threads"] if t["id"] == thread]
    return listed, found["reply"]


async def saved_reply(client: httpx.AsyncClient, token: str, payload: str) -> Stored | None:
    body = {"name": "Corpus", "message": payload}
    added = await uv(client, "POST", "/api/saved-replys.json", token, json=body)
    if added.status_code == 400:
        return None
    assert added.status_code == 200, added.text
    listed = await uv(client, "GET", "/api/saved-replys.json", token)
    [reply] = [r for r in listed.json() if r["id"] == added.json()["id"]]
    return listed, reply["message"]


async def email_template(client: httpx.AsyncClient, token: str, payload: str) -> Stored | None:
    body = {"name": "Corpus", "subject": "Corpus", "message": payload}
    added = await uv(client, "POST", "/api/email-templates.json", token, json=body)
    if added.status_code == 400:
        return None
    assert added.status_code == 200, added.text
    view = await uv(client, "GET", f"/api/email-template/{added.json()['id']}.json", token)
    return view, view.json()["message"]


HTML_FIELDS: dict[str, Writer] = {
    "ticket reply": ticket_body,
    "thread reply": thread_body,
    "edited thread reply": edited_thread_body,
    "saved reply message": saved_reply,
    "email template message": email_template,
}


@pytest.mark.parametrize("field", list(HTML_FIELDS))
async def test_no_payload_comes_back_executable_from_an_html_field(
    app: FastAPI, client: httpx.AsyncClient, field: str
) -> None:
    token = await admin_token(app)
    kept = 0
    for payload in CORPUS:
        stored = await HTML_FIELDS[field](client, token, payload)
        if stored is None:
            continue  # nothing was left after sanitising a required body: refused, not stored
        response, value = stored
        assert executable_constructs(value) == [], (payload, value)
        assert_inert_json(response)
        kept += 1
    assert kept > len(CORPUS) // 2  # most payloads keep some harmless text


async def uvdesk_plain_texts(
    client: httpx.AsyncClient, token: str, payload: str, number: int
) -> list[Stored]:
    sender = f"corpus{number}@example.com"
    raised = await raise_ticket(client, token, subject=payload, name=payload, **{"from": sender})
    view = await uv(client, "GET", f"/api/ticket/{raised['incrementId']}.json", token)
    ticket = view.json()["ticket"]
    group = await uv(client, "POST", "/api/groups.json", token, json={"name": payload})
    assert group.status_code == 200, group.text
    groups = await uv(client, "GET", "/api/groups.json", token, params={"search": payload})
    tag = await uv(
        client, "POST", f"/api/ticket/{raised['ticketId']}/tags.json", token, json={"name": payload}
    )
    assert tag.status_code == 200, tag.text
    label = await uv(client, "POST", "/api/labels.json", token, json={"name": payload})
    assert label.status_code == 200, label.text
    return [
        (view, ticket["subject"]),
        (view, ticket["customer"]["name"]),
        (groups, [g["name"] for g in groups.json()["groups"] if g["name"] == payload]),
        (label, label.json()["label"]["name"]),
    ]


async def test_plain_text_fields_come_back_verbatim_as_json_text(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    parties = await make_parties(app)
    for number, payload in enumerate(CORPUS):
        for response, value in await uvdesk_plain_texts(client, token, payload, number):
            assert value in (payload, [payload]), (payload, value)
            assert_inert_json(response)
        queue = await call(client, "POST", "/queues", parties.operations, json={"name": payload})
        assert queue.status_code == 201, queue.text
        assert queue.json()["name"] == payload
        body = {"type": "Group", "name": f"{payload}{number}", "lastMessage": {"content": payload}}
        chat = await call(client, "POST", "/chats", parties.client, json=body)
        assert chat.status_code == 201, chat.text
        messages = await call(client, "GET", f"/chats/{chat.json()['id']}/messages", parties.client)
        assert [m["content"] for m in messages.json()["data"]] == [payload]
        assert chat.json()["name"] == f"{payload}{number}"
        assert_inert_json(messages)
