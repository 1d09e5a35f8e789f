"""Content a client sends never comes back as something a browser would run.

Plain-text fields (ticket subjects, queue names, chat message content) come back verbatim as
JSON text, which no browser executes or sniffs; downloads are attachments that are never
served as HTML or SVG; every response carries the security headers (docs/decisions.md,
"Content").
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.marketplace.helpers import call, make_parties
from tests.api.uvdesk.helpers import admin_token, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET, raise_ticket

pytestmark = pytest.mark.anyio

SCRIPT = "<script>alert(1)</script>"
SECURITY_HEADERS = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}
DOWNLOAD_CSP = "sandbox; default-src 'none'"


def assert_security_headers(response: httpx.Response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get(name) == value, (response.request.url, name)


def assert_inert_json(response: httpx.Response) -> None:
    """JSON, declared as JSON, with sniffing off: a browser shows it as data, never runs it."""
    assert response.headers["content-type"].split(";")[0] in (
        "application/json",
        "application/problem+json",
    )
    assert_security_headers(response)


async def test_every_response_carries_the_security_headers(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    responses = [
        await client.get("/healthz"),
        await client.get("/nowhere"),
        await client.get("/api/me.json"),
        await uv(client, "GET", "/api/me.json", token),
        await client.get("/public/v1/helpdesk/queues"),
        await client.get("/en/api/me.html"),
        await client.get("/openapi.json"),
    ]
    for response in responses:
        assert_security_headers(response)


async def test_a_ticket_subject_is_plain_text_returned_verbatim_as_json_text(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    raised = await raise_ticket(client, token, subject=SCRIPT)
    response = await uv(client, "GET", f"/api/ticket/{raised['incrementId']}.json", token)
    assert response.json()["ticket"]["subject"] == SCRIPT
    assert_inert_json(response)


async def test_queue_names_and_message_content_are_plain_text_returned_as_json_text(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    queue = await call(client, "POST", "/queues", parties.client, json={"name": SCRIPT})
    assert queue.json()["name"] == SCRIPT
    assert_inert_json(queue)
    body = {"type": "Group", "name": "Notes", "lastMessage": {"content": SCRIPT}}
    chat = (await call(client, "POST", "/chats", parties.client, json=body)).json()
    messages = await call(client, "GET", f"/chats/{chat['id']}/messages", parties.client)
    assert [message["content"] for message in messages.json()["data"]] == [SCRIPT]
    assert_inert_json(messages)


def assert_inert_download(response: httpx.Response, content: bytes) -> None:
    assert response.status_code == 200, response.text
    assert response.content == content
    assert response.headers["content-type"] == "application/octet-stream"
    assert response.headers["content-disposition"].startswith("attachment;")
    assert response.headers["content-security-policy"] == DOWNLOAD_CSP
    assert_security_headers(response)


@pytest.mark.parametrize("declared", ["text/html", "image/svg+xml", "application/xhtml+xml"])
async def test_a_uvdesk_attachment_declared_as_active_content_downloads_as_octets(
    app: FastAPI, client: httpx.AsyncClient, declared: str
) -> None:
    token = await admin_token(app)
    page = f"<html>{SCRIPT}</html>".encode()
    raised = await client.post(
        "/api/tickets.json",
        headers={"Authorization": f"Bearer {token}"},
        data=SEED_TICKET,
        files=[("attachments[]", ("page.html", page, declared))],
    )
    view = await uv(client, "GET", f"/api/ticket/{raised.json()['incrementId']}.json", token)
    [attachment] = view.json()["createThread"]["attachments"]
    assert_inert_download(await uv(client, "GET", attachment["path"], token), page)


async def test_a_marketplace_chat_attachment_declared_as_svg_downloads_as_octets(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    body = {"type": "Group", "name": "Files", "lastMessage": {"content": "see attached"}}
    chat: dict[str, Any] = (await call(client, "POST", "/chats", parties.client, json=body)).json()
    drawing = f'<svg xmlns="http://www.w3.org/2000/svg">{SCRIPT}</svg>'.encode()
    created = await client.post(
        f"/public/v1/helpdesk/chats/{chat['id']}/attachments",
        headers={"Authorization": f"Bearer {parties.client}"},
        files={
            "attachment": (None, '{"name": "drawing"}', "application/json"),
            "file": ("drawing.svg", drawing, "image/svg+xml"),
        },
    )
    path = f"/chats/{chat['id']}/attachments/{created.json()['id']}"
    download = await call(client, "GET", path, parties.client, headers={"Accept": "*/*"})
    assert_inert_download(download, drawing)


async def test_a_harmless_download_keeps_its_type_and_the_download_headers(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    raised = await client.post(
        "/api/tickets.json",
        headers={"Authorization": f"Bearer {token}"},
        data=SEED_TICKET,
        files=[("attachments[]", ("log.txt", b"stack trace", "text/plain"))],
    )
    view = await uv(client, "GET", f"/api/ticket/{raised.json()['incrementId']}.json", token)
    [attachment] = view.json()["createThread"]["attachments"]
    download = await uv(client, "GET", attachment["path"], token)
    assert download.headers["content-type"].startswith("text/plain")
    assert download.headers["content-security-policy"] == DOWNLOAD_CSP
    assert_security_headers(download)
