"""Stored files live as long as what owns them: deleting an owner removes its bytes after
commit, a rolled-back deletion keeps them, and trashing a ticket keeps them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.core.database import Session
from helpdesk.core.settings import Settings
from helpdesk.domain.chats import content, messages
from helpdesk.domain.feedback import service as feedback
from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.identity.service import authenticate
from helpdesk.domain.people import service as people
from helpdesk.domain.tickets import service as tickets
from helpdesk.domain.tickets import threads
from tests.api.marketplace.helpers import call, make_parties
from tests.api.uvdesk.helpers import admin_token, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET
from tests.conftest import bearer, files_under

pytestmark = pytest.mark.anyio

DomainDelete = Callable[[Session, Any], Awaitable[object]]


@dataclass(frozen=True, slots=True)
class Owner:
    """Something that owns one stored file, and the two ways to delete it: through the API
    (committed) and through the same domain service inside a unit of work (for rollback)."""

    token: str
    delete_by_api: Callable[[], Awaitable[httpx.Response]]
    delete_in_domain: DomainDelete


class Rollback(Exception):
    """Raised inside a unit of work to make it roll back."""


def stored(settings: Settings) -> list[Path]:
    return files_under(settings.storage_dir)


async def chat_with_file(client: httpx.AsyncClient, token: str) -> tuple[str, str, str]:
    """A group chat, a message in it, and a file attached to that message."""
    body = {"type": "Group", "name": "Files", "lastMessage": {"content": "see attached"}}
    chat = (await call(client, "POST", "/chats", token, json=body)).json()
    message = (
        await call(client, "POST", f"/chats/{chat['id']}/messages", token, json={"content": "x"})
    ).json()
    attachment = await client.post(
        f"/public/v1/helpdesk/chats/{chat['id']}/attachments",
        headers=bearer(token),
        files=[
            ("attachment", (None, f'{{"message": {{"id": "{message["id"]}"}}}}', "text/plain")),
            ("file", ("invoice.pdf", b"%PDF-1.7", "application/pdf")),
        ],
    )
    assert attachment.status_code == 201, attachment.text
    return chat["id"], message["id"], attachment.json()["id"]


async def chat_message_owner(client: httpx.AsyncClient, app: FastAPI) -> Owner:
    token = (await make_parties(app)).client
    chat_id, message_id, _ = await chat_with_file(client, token)
    return Owner(
        token,
        lambda: call(client, "DELETE", f"/chats/{chat_id}/messages/{message_id}", token),
        lambda s, actor: messages.delete_message(s, actor, chat_id, message_id),
    )


async def chat_attachment_owner(client: httpx.AsyncClient, app: FastAPI) -> Owner:
    token = (await make_parties(app)).client
    chat_id, _, attachment_id = await chat_with_file(client, token)
    return Owner(
        token,
        lambda: call(client, "DELETE", f"/chats/{chat_id}/attachments/{attachment_id}", token),
        lambda s, actor: content.delete_attachment(s, actor, chat_id, attachment_id),
    )


async def feedback_attachment_owner(client: httpx.AsyncClient, app: FastAPI) -> Owner:
    token = (await make_parties(app)).client
    created = await client.post(
        "/public/v1/helpdesk/feedback",
        headers=bearer(token),
        files=[
            ("feedback", (None, '{"name": "Broken layout"}', "application/json")),
            ("attachments", ("screen.png", b"png bytes", "image/png")),
        ],
    )
    assert created.status_code == 201, created.text
    feedback_id = created.json()["id"]
    attachment_id = created.json()["attachments"][0]["id"]
    path = f"/feedback/{feedback_id}/attachments/{attachment_id}"
    return Owner(
        token,
        lambda: call(client, "DELETE", path, token),
        lambda s, actor: feedback.remove_attachment(s, actor, feedback_id, attachment_id),
    )


async def ticket_with_file(client: httpx.AsyncClient, token: str) -> dict[str, Any]:
    response = await client.post(
        "/en/api/tickets.json",
        headers=bearer(token),
        data=SEED_TICKET,
        files=[("attachments[]", ("log.txt", b"stack trace", "text/plain"))],
    )
    assert response.status_code == 200, response.text
    ticket: dict[str, Any] = response.json()
    return ticket


async def ticket_owner(client: httpx.AsyncClient, app: FastAPI) -> Owner:
    token = await admin_token(app)
    ticket_id = (await ticket_with_file(client, token))["ticketId"]
    return Owner(
        token,
        lambda: uv(client, "DELETE", "/api/tickets.json", token, json={"ids": [ticket_id]}),
        lambda s, actor: tickets.bulk(s, actor, [ticket_id], "delete", None),
    )


async def thread_owner(client: httpx.AsyncClient, app: FastAPI) -> Owner:
    token = await admin_token(app)
    ticket_id = (await ticket_with_file(client, token))["ticketId"]
    reply = await client.post(
        f"/api/ticket/{ticket_id}/threads.json",
        headers=bearer(token),
        data={"threadType": "note", "reply": "see log"},
        files=[("attachments[]", ("more.txt", b"more", "text/plain"))],
    )
    assert reply.status_code == 200, reply.text
    thread_id = reply.json()["id"]
    return Owner(
        token,
        lambda: uv(client, "DELETE", f"/api/ticket/{ticket_id}/thread/{thread_id}.json", token),
        lambda s, actor: threads.delete_thread(s, actor, ticket_id, thread_id),
    )


async def customer_owner(client: httpx.AsyncClient, app: FastAPI) -> Owner:
    token = await admin_token(app)
    ticket_id = (await ticket_with_file(client, token))["incrementId"]
    view = (await uv(client, "GET", f"/api/ticket/{ticket_id}.json", token)).json()
    customer_id = view["ticket"]["customer"]["id"]
    return Owner(
        token,
        lambda: uv(client, "DELETE", f"/api/customer/{customer_id}.json", token),
        lambda s, actor: people.remove_person(s, actor, customer_id, (SupportRole.CUSTOMER,)),
    )


OWNERS = {
    "chat message": chat_message_owner,
    "chat attachment": chat_attachment_owner,
    "feedback attachment": feedback_attachment_owner,
    "ticket deleted for good": ticket_owner,
    "thread": thread_owner,
    "customer": customer_owner,
}


@pytest.fixture(params=list(OWNERS))
async def owner(request: pytest.FixtureRequest, client: httpx.AsyncClient, app: FastAPI) -> Owner:
    made: Owner = await OWNERS[request.param](client, app)
    return made


async def test_deleting_an_owner_removes_its_files_after_commit(
    owner: Owner, settings: Settings
) -> None:
    before = stored(settings)
    assert before
    response = await owner.delete_by_api()
    assert response.status_code in (200, 204), response.text
    removed = set(before) - set(stored(settings))
    assert removed, "the deleted owner's file is still stored"


async def test_a_rolled_back_deletion_keeps_the_files(
    owner: Owner, app: FastAPI, settings: Settings
) -> None:
    before = stored(settings)
    with pytest.raises(Rollback):
        async with app.state.runtime.unit_of_work() as unit:
            actor = await authenticate(unit.session, owner.token)
            await owner.delete_in_domain(unit.session, actor)
            raise Rollback
    assert stored(settings) == before
    # The same deletion committed does remove them: the rollback is what kept them.
    await owner.delete_by_api()
    assert set(stored(settings)) < set(before)


async def test_a_trashed_ticket_keeps_its_files(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings
) -> None:
    token = await admin_token(app)
    ticket = await ticket_with_file(client, token)
    before = stored(settings)
    trashed = await uv(client, "PUT", f"/api/ticket/{ticket['ticketId']}/trash.json", token)
    assert trashed.status_code == 200, trashed.text
    assert stored(settings) == before


async def test_a_deleted_chat_attachment_is_still_listed_without_its_bytes(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings
) -> None:
    token = (await make_parties(app)).client
    chat_id, message_id, attachment_id = await chat_with_file(client, token)
    await call(client, "DELETE", f"/chats/{chat_id}/messages/{message_id}", token)
    listed = (await call(client, "GET", f"/chats/{chat_id}/attachments", token)).json()
    [item] = listed["data"]
    assert (item["id"], item["isDeleted"], item["filename"]) == (
        attachment_id,
        True,
        "invoice.pdf",
    )
    assert stored(settings) == []
