"""Authorization inside shared chats: private items, owners of attachments and links,
deactivation by operations, read markers and queue statistics (issue 10, holes 1-4)."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import AccountType
from tests.api.marketplace.helpers import Parties, assert_problem, call, make_parties
from tests.factories import marketplace_token

pytestmark = pytest.mark.anyio


@pytest.fixture
async def parties(app: FastAPI) -> Parties:
    return await make_parties(app)


async def own_contact(client: httpx.AsyncClient, token: str) -> str:
    listed = (
        await client.get(
            "/public/v1/notifications/contacts", headers={"Authorization": f"Bearer {token}"}
        )
    ).json()
    return str(listed["data"][0]["id"])


@pytest.fixture
async def chat(client: httpx.AsyncClient, parties: Parties) -> str:
    """A group chat of operations with the client and the vendor in it."""
    body = {"type": "Group", "name": "Shared"}
    created = await call(client, "POST", "/chats", parties.operations, json=body)
    chat_id = str(created.json()["id"])
    contacts = [
        {"contact": {"id": await own_contact(client, token)}}
        for token in (parties.client, parties.vendor)
    ]
    added = await call(
        client, "POST", f"/chats/{chat_id}/participants", parties.operations, json=contacts
    )
    assert added.status_code == 201, added.text
    return chat_id


async def post_message(
    client: httpx.AsyncClient, chat: str, token: str, visibility: str = "Public"
) -> str:
    body = {"content": f"{visibility} note", "visibility": visibility}
    response = await call(client, "POST", f"/chats/{chat}/messages", token, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def attach(
    client: httpx.AsyncClient, chat: str, token: str, message: str | None = None
) -> str:
    part: dict[str, Any] = {"name": "file"}
    if message is not None:
        part["message"] = {"id": message}
    response = await client.post(
        f"/public/v1/helpdesk/chats/{chat}/attachments",
        headers={"Authorization": f"Bearer {token}"},
        files={
            "attachment": (None, json.dumps(part), "application/json"),
            "file": ("secret.txt", b"private bytes", "text/plain"),
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def add_link(
    client: httpx.AsyncClient, chat: str, token: str, message: str | None = None
) -> str:
    body: dict[str, Any] = {"uri": "https://example.com/private"}
    if message is not None:
        body["message"] = {"id": message}
    response = await call(client, "POST", f"/chats/{chat}/links", token, json=body)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def listed_ids(client: httpx.AsyncClient, path: str, token: str) -> tuple[list[str], int]:
    body = (await call(client, "GET", path, token)).json()
    return [item["id"] for item in body["data"]], body["$meta"]["pagination"]["total"]


# Hole 1: attachments and links of a private message stay in the sender's account.


async def test_an_attachment_of_a_private_message_is_hidden_from_other_accounts(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    private = await post_message(client, chat, parties.client, "Private")
    hidden = await attach(client, chat, parties.client, private)
    path = f"/chats/{chat}/attachments/{hidden}"
    assert_problem(await call(client, "GET", path, parties.vendor), 404)
    download = await call(client, "GET", path, parties.vendor, headers={"Accept": "*/*"})
    assert_problem(download, 404)
    assert b"private bytes" not in download.content
    assert (await call(client, "GET", path, parties.client)).status_code == 200


async def test_a_chats_attachment_list_omits_other_accounts_private_attachments(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    shared = await attach(client, chat, parties.client)
    private = await post_message(client, chat, parties.client, "Private")
    hidden = await attach(client, chat, parties.client, private)
    path = f"/chats/{chat}/attachments"
    assert await listed_ids(client, path, parties.vendor) == ([shared], 1)
    assert await listed_ids(client, path, parties.client) == ([shared, hidden], 2)


async def test_a_link_of_a_private_message_is_hidden_from_other_accounts(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    private = await post_message(client, chat, parties.operations, "Private")
    hidden = await add_link(client, chat, parties.operations, private)
    assert_problem(await call(client, "GET", f"/chats/{chat}/links/{hidden}", parties.client), 404)
    assert await listed_ids(client, f"/chats/{chat}/links", parties.client) == ([], 0)
    assert await listed_ids(client, f"/chats/{chat}/links", parties.operations) == ([hidden], 1)


async def test_an_attachment_follows_its_message_when_it_turns_private(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    message = await post_message(client, chat, parties.client)
    attachment = await attach(client, chat, parties.client, message)
    made_private = await call(
        client,
        "PUT",
        f"/chats/{chat}/messages/{message}",
        parties.client,
        json={"visibility": "Private"},
    )
    assert made_private.status_code == 200, made_private.text
    path = f"/chats/{chat}/attachments/{attachment}"
    assert_problem(await call(client, "GET", path, parties.vendor), 404)


# Hole 2: attachments and links are changed only by who added them, or operations.


async def test_another_account_cannot_rename_or_delete_an_attachment(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    attachment = await attach(client, chat, parties.client)
    path = f"/chats/{chat}/attachments/{attachment}"
    assert_problem(await call(client, "PUT", path, parties.vendor, json={"name": "x"}), 403)
    assert_problem(await call(client, "DELETE", path, parties.vendor), 403)
    as_json = {"Accept": "application/json"}
    kept = (await call(client, "GET", path, parties.client, headers=as_json)).json()
    assert (kept["name"], kept["isDeleted"]) == ("file", False)


async def test_another_account_cannot_change_or_delete_a_link(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    link = await add_link(client, chat, parties.client)
    path = f"/chats/{chat}/links/{link}"
    assert_problem(await call(client, "PUT", path, parties.vendor, json={"name": "x"}), 403)
    assert_problem(await call(client, "DELETE", path, parties.vendor), 403)
    assert (await call(client, "GET", path, parties.client)).json()["isDeleted"] is False


async def test_operations_may_rename_and_delete_anyones_attachment(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    attachment = await attach(client, chat, parties.client)
    path = f"/chats/{chat}/attachments/{attachment}"
    renamed = await call(client, "PUT", path, parties.operations, json={"name": "checked"})
    assert renamed.json()["name"] == "checked"
    assert (await call(client, "DELETE", path, parties.operations)).status_code == 204


# Hole 3: what operations deactivated, only operations reactivate.


async def deactivated_client(client: httpx.AsyncClient, parties: Parties, chat: str) -> str:
    listed = (await call(client, "GET", f"/chats/{chat}/participants", parties.client)).json()
    contact = await own_contact(client, parties.client)
    participant = next(p["id"] for p in listed["data"] if p["contact"]["id"] == contact)
    deactivated = await call(
        client,
        "PUT",
        f"/chats/{chat}/participants/{participant}",
        parties.operations,
        json={"status": "Deactivated"},
    )
    assert deactivated.json()["status"] == "Deactivated"
    return participant


async def colleague_in_chat(
    app: FastAPI, client: httpx.AsyncClient, parties: Parties, chat: str
) -> str:
    """Another user of the client's account, added to the chat by operations."""
    colleague = await marketplace_token(app, AccountType.CLIENT, "Client One", "cat@one.test")
    contacts = (
        await client.get(
            "/public/v1/notifications/contacts?email=cat@one.test",
            headers={"Authorization": f"Bearer {parties.operations}"},
        )
    ).json()["data"]
    await call(
        client,
        "POST",
        f"/chats/{chat}/participants",
        parties.operations,
        json=[{"contact": {"id": contacts[0]["id"]}}],
    )
    return colleague


async def test_a_colleague_cannot_reactivate_a_participant_operations_deactivated(
    app: FastAPI, client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    participant = await deactivated_client(client, parties, chat)
    colleague = await colleague_in_chat(app, client, parties, chat)
    path = f"/chats/{chat}/participants/{participant}"
    refused = await call(client, "PUT", path, colleague, json={"status": "Active"})
    assert_problem(refused, 403)
    assert_problem(await call(client, "DELETE", path, colleague), 403)
    assert (await call(client, "GET", path, parties.operations)).json()["status"] == "Deactivated"


async def test_re_adding_a_deactivated_contact_is_for_operations_only(
    app: FastAPI, client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    participant = await deactivated_client(client, parties, chat)
    colleague = await colleague_in_chat(app, client, parties, chat)
    again = [{"contact": {"id": await own_contact(client, parties.client)}}]
    path = f"/chats/{chat}/participants"
    assert_problem(await call(client, "POST", path, colleague, json=again), 403)
    still = await call(client, "GET", f"{path}/{participant}", parties.operations)
    assert still.json()["status"] == "Deactivated"
    readded = await call(client, "POST", path, parties.operations, json=again)
    assert readded.json()[0]["status"] == "Active"


# Hole 4: read markers and statistics reveal nothing the caller cannot see.


async def test_the_read_marker_cannot_name_a_message_the_caller_cannot_read(
    client: httpx.AsyncClient, parties: Parties, chat: str
) -> None:
    private = await post_message(client, chat, parties.operations, "Private")
    listed = (await call(client, "GET", f"/chats/{chat}/participants", parties.vendor)).json()
    contact = await own_contact(client, parties.vendor)
    mine = next(p["id"] for p in listed["data"] if p["contact"]["id"] == contact)
    marker = {"lastReadMessage": {"id": private}}
    path = f"/chats/{chat}/participants/{mine}"
    hidden = await call(client, "PUT", path, parties.vendor, json=marker)
    unknown = await call(
        client, "PUT", path, parties.vendor, json={"lastReadMessage": {"id": "MSG-0000-0000-0000"}}
    )
    assert_problem(hidden, 400)
    assert_problem(unknown, 400)
    assert hidden.json()["errors"].keys() == unknown.json()["errors"].keys()


async def test_queue_statistics_count_only_the_callers_cases(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    queue = (
        await call(client, "POST", "/queues", parties.operations, json={"name": "Shared"})
    ).json()["id"]
    for token in (parties.client, parties.client, parties.other_client):
        case = {"queue": {"id": queue}, "chat": {"lastMessage": {"content": "help"}}}
        assert (await call(client, "POST", "/cases", token, json=case)).status_code == 201

    async def statistics(token: str) -> Any:
        return (await call(client, "GET", f"/queues/{queue}", token)).json()["statistics"]

    assert await statistics(parties.client) == {"totalCasesCount": 2, "openCasesCount": 2}
    assert await statistics(parties.other_client) == {"totalCasesCount": 1, "openCasesCount": 1}
    assert await statistics(parties.vendor) == {"totalCasesCount": 0, "openCasesCount": 0}
    assert await statistics(parties.operations) == {"totalCasesCount": 3, "openCasesCount": 3}
    listed = (await call(client, "GET", "/queues", parties.other_client)).json()["data"]
    assert [q["statistics"]["totalCasesCount"] for q in listed] == [1]
