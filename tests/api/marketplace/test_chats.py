"""Chats, participants and messages: through the SDK, with visibility between accounts."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from mpt_api_client import RQLQuery
from mpt_api_client.exceptions import MPTAPIError

from tests.api.marketplace.helpers import (
    Parties,
    assert_problem,
    async_sdk,
    call,
    make_parties,
    sdk,
)

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


async def group_chat(client: httpx.AsyncClient, token: str, **extra: Any) -> Any:
    body = {"type": "Group", "name": "Team", **extra}
    response = await call(client, "POST", "/chats", token, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_chat_is_created_read_and_renamed_with_the_sync_sdk(
    live_server: str, parties: Parties
) -> None:
    chats = sdk(live_server, parties.client).helpdesk.chats
    created = chats.create(
        {"type": "Group", "name": "Team", "lastMessage": {"content": "Hello all"}}
    )
    assert created.id.startswith("CHT-")
    assert created.last_message.content == "Hello all"
    assert [p.contact.email for p in created.participants] == ["ann@one.test"]
    renamed = chats.update(created.id, {"name": "Renamed"})
    assert (renamed.name, renamed.revision) == ("Renamed", 3)
    assert chats.get(created.id).name == "Renamed"


async def test_only_operations_list_every_chat(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    await group_chat(client, parties.client)
    assert_problem(await call(client, "GET", "/chats", parties.client), 403)
    chats = async_sdk(live_server, parties.operations).helpdesk.chats
    listed = [chat.name async for chat in chats.filter(RQLQuery(type="Group")).iterate()]
    assert listed == ["Team"]


async def test_chat_shapes_are_checked(client: httpx.AsyncClient, parties: Parties) -> None:
    nameless_channel = await call(
        client, "POST", "/chats", parties.client, json={"type": "Channel"}
    )
    assert_problem(nameless_channel, 400)
    case_chat = await call(client, "POST", "/chats", parties.client, json={"type": "Case"})
    assert_problem(case_chat, 400)
    named_direct = await call(
        client, "POST", "/chats", parties.client, json={"type": "Direct", "name": "x"}
    )
    assert_problem(named_direct, 400)


async def test_a_chat_icon_is_uploaded_as_multipart_and_served_back(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    response = await client.post(
        "/public/v1/helpdesk/chats",
        headers={"Authorization": f"Bearer {parties.client}"},
        files={
            "chat": (None, '{"type": "Group", "name": "With icon"}', "application/json"),
            "icon": ("icon.png", b"\x89PNG fake", "image/png"),
        },
    )
    assert response.status_code == 201, response.text
    icon = await client.get(
        response.json()["icon"], headers={"Authorization": f"Bearer {parties.client}"}
    )
    assert icon.content == b"\x89PNG fake"
    assert icon.headers["content-type"] == "image/png"


async def test_participants_are_added_as_a_list_and_can_leave(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    chat = await group_chat(client, parties.client)
    colleague = (
        await client.post(
            "/public/v1/notifications/contacts",
            headers={"Authorization": f"Bearer {parties.client}"},
            json={"name": "Colleague", "email": "col@example.com"},
        )
    ).json()
    participants = sdk(live_server, parties.client).helpdesk.chats.participants(chat["id"])
    added = await call(
        client,
        "POST",
        f"/chats/{chat['id']}/participants",
        parties.client,
        json=[{"contact": {"id": colleague["id"]}}],
    )
    assert added.status_code == 201
    [joined] = added.json()
    assert joined["contact"]["email"] == "col@example.com"
    assert joined["status"] == "Active"
    page = participants.fetch_page(limit=10)
    assert {p.contact.email for p in page} == {"ann@one.test", "col@example.com"}
    muted = participants.update(joined["id"], {"muted": True})
    assert muted.muted is True
    participants.delete(joined["id"])
    status = (
        await call(
            client, "GET", f"/chats/{chat['id']}/participants/{joined['id']}", parties.client
        )
    ).json()["status"]
    assert status == "Exited"


async def test_a_contact_the_caller_cannot_see_cannot_be_added(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    chat = await group_chat(client, parties.client)
    stranger = await own_contact(client, parties.other_client)
    response = await call(
        client,
        "POST",
        f"/chats/{chat['id']}/participants",
        parties.client,
        json=[{"contact": {"id": stranger}}],
    )
    assert_problem(response, 400)


async def test_messages_are_listed_oldest_first_and_soft_deleted(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    chat = await group_chat(client, parties.client)
    messages = sdk(live_server, parties.client).helpdesk.chats.messages(chat["id"])
    first = messages.create({"content": "first"})
    messages.create({"content": "second"})
    assert [m.content for m in messages.fetch_page(limit=10)] == ["first", "second"]
    edited = messages.update(first.id, {"content": "first, edited"})
    assert edited.content == "first, edited"
    messages.delete(first.id)
    listed = messages.fetch_page(limit=10)
    assert [(m.content, m.is_deleted) for m in listed] == [("", True), ("second", False)]
    chat_now = (await call(client, "GET", f"/chats/{chat['id']}", parties.client)).json()
    assert chat_now["lastMessage"]["content"] == "second"


async def test_unread_counts_what_others_wrote_after_the_last_read_message(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    ops_contact = await own_contact(client, parties.operations)
    chat = await group_chat(client, parties.operations)
    client_contact = await own_contact(client, parties.client)
    await call(
        client,
        "POST",
        f"/chats/{chat['id']}/participants",
        parties.operations,
        json=[{"contact": {"id": client_contact}}],
    )
    for text in ("one", "two"):
        await call(
            client,
            "POST",
            f"/chats/{chat['id']}/messages",
            parties.operations,
            json={"content": text},
        )
    listed = (await call(client, "GET", f"/chats/{chat['id']}/participants", parties.client)).json()
    unread = {p["contact"]["id"]: p["unread"] for p in listed["data"]}
    assert unread == {ops_contact: 0, client_contact: 2}
    messages = (await call(client, "GET", f"/chats/{chat['id']}/messages", parties.client)).json()
    mine = next(p for p in listed["data"] if p["contact"]["id"] == client_contact)
    read = await call(
        client,
        "PUT",
        f"/chats/{chat['id']}/participants/{mine['id']}",
        parties.client,
        json={"lastReadMessage": {"id": messages["data"][0]["id"]}},
    )
    assert read.json()["unread"] == 1


async def test_private_messages_reach_only_the_senders_account(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    chat = await group_chat(client, parties.operations)
    await call(
        client,
        "POST",
        f"/chats/{chat['id']}/participants",
        parties.operations,
        json=[{"contact": {"id": await own_contact(client, parties.client)}}],
    )
    path = f"/chats/{chat['id']}/messages"
    await call(client, "POST", path, parties.operations, json={"content": "public"})
    await call(
        client,
        "POST",
        path,
        parties.operations,
        json={"content": "ops only", "visibility": "Private"},
    )
    seen_by_client = (await call(client, "GET", path, parties.client)).json()
    assert [m["content"] for m in seen_by_client["data"]] == ["public"]
    assert seen_by_client["$meta"]["pagination"]["total"] == 1
    seen_by_ops = (await call(client, "GET", path, parties.operations)).json()
    assert [m["content"] for m in seen_by_ops["data"]] == ["public", "ops only"]
    chat_for_client = (await call(client, "GET", f"/chats/{chat['id']}", parties.client)).json()
    assert chat_for_client["lastMessage"]["content"] == "public"


async def test_chats_are_invisible_to_non_participants(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    chat = await group_chat(client, parties.client, lastMessage={"content": "secret"})
    path = f"/chats/{chat['id']}"
    for intruder in (parties.other_client, parties.vendor):
        with pytest.raises(MPTAPIError) as hidden:
            sdk(live_server, intruder).helpdesk.chats.get(chat["id"])
        assert hidden.value.status_code == 404
        for sub in ("", "/messages", "/participants", "/attachments", "/links"):
            assert_problem(await call(client, "GET", path + sub, intruder), 404)
        assert_problem(await call(client, "PUT", path, intruder, json={"name": "x"}), 404)
        posting = await call(client, "POST", f"{path}/messages", intruder, json={"content": "hi"})
        assert_problem(posting, 404)
    assert (await call(client, "GET", path, parties.operations)).status_code == 200


async def test_an_unknown_chat_is_not_found(client: httpx.AsyncClient, parties: Parties) -> None:
    assert_problem(await call(client, "GET", "/chats/CHT-0000-0000-0000", parties.operations), 404)


async def test_the_sdk_adds_participants_as_a_list(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    chat = await group_chat(client, parties.operations)
    contact = await own_contact(client, parties.client)
    participants = async_sdk(live_server, parties.operations).helpdesk.chats.participants(
        chat["id"]
    )
    added = await participants.create([{"contact": {"id": contact}}])
    assert [p.contact.id for p in added] == [contact]
    assert {p.contact.id async for p in participants.iterate()} >= {contact}
