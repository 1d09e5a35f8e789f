"""Chat attachments (stored files, downloaded by Accept), links and channels."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
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


@pytest.fixture
async def chat(client: httpx.AsyncClient, parties: Parties) -> Any:
    body = {"type": "Group", "name": "Files", "lastMessage": {"content": "see attached"}}
    return (await call(client, "POST", "/chats", parties.client, json=body)).json()


async def test_an_attachment_is_uploaded_and_downloaded_with_the_sdk(
    live_server: str, parties: Parties, chat: Any
) -> None:
    attachments = sdk(live_server, parties.client).helpdesk.chats.attachments(chat["id"])
    created = attachments.create(
        {"name": "Invoice", "description": "March"},
        file=("invoice.pdf", io.BytesIO(b"%PDF-1.7 content"), "application/pdf"),
    )
    assert created.id.startswith("ATT-")
    assert (created.filename, created.content_type, created.size) == (
        "invoice.pdf",
        "application/pdf",
        16,
    )
    downloaded = attachments.download(created.id)
    assert downloaded.file_contents == b"%PDF-1.7 content"
    assert downloaded.filename == "invoice.pdf"
    renamed = attachments.update(created.id, {"name": "Invoice (March)"})
    assert renamed.name == "Invoice (March)"
    assert [a.id for a in attachments.fetch_page(limit=10)] == [created.id]
    attachments.delete(created.id)
    assert attachments.get(created.id).is_deleted is True
    with pytest.raises(MPTAPIError) as gone:
        attachments.download(created.id, accept="application/pdf")
    assert gone.value.status_code == 404


async def test_an_attachment_needs_a_file_part(
    client: httpx.AsyncClient, parties: Parties, chat: Any
) -> None:
    response = await client.post(
        f"/public/v1/helpdesk/chats/{chat['id']}/attachments",
        headers={"Authorization": f"Bearer {parties.client}"},
        files={"attachment": (None, '{"name": "x"}', "application/json")},
    )
    assert_problem(response, 400)
    as_json = await call(
        client, "POST", f"/chats/{chat['id']}/attachments", parties.client, json={}
    )
    assert_problem(as_json, 415)


async def test_others_cannot_list_or_download_a_chats_attachments(
    client: httpx.AsyncClient, parties: Parties, chat: Any
) -> None:
    created = (
        await client.post(
            f"/public/v1/helpdesk/chats/{chat['id']}/attachments",
            headers={"Authorization": f"Bearer {parties.client}"},
            files={
                "attachment": (None, '{"name": "secret"}', "application/json"),
                "file": ("secret.txt", b"top secret", "text/plain"),
            },
        )
    ).json()
    path = f"/chats/{chat['id']}/attachments/{created['id']}"
    for intruder in (parties.other_client, parties.vendor):
        download = await call(client, "GET", path, intruder, headers={"Accept": "text/plain"})
        assert_problem(download, 404)
        assert b"top secret" not in download.content
    by_ops = await call(client, "GET", path, parties.operations, headers={"Accept": "*/*"})
    assert by_ops.content == b"top secret"


async def test_links_point_at_messages(live_server: str, parties: Parties, chat: Any) -> None:
    client = async_sdk(live_server, parties.client).helpdesk.chats
    message = await client.messages(chat["id"]).create({"content": "the order"})
    links = client.links(chat["id"])
    link = await links.create(
        {"uri": "https://example.com/orders/1", "name": "Order 1", "message": {"id": message.id}}
    )
    assert link.id.startswith("LNK-")
    assert link.message.id == message.id
    updated = await links.update(link.id, {"name": "Order #1"})
    assert updated.name == "Order #1"
    assert [item.uri async for item in links.iterate()] == ["https://example.com/orders/1"]
    await links.delete(link.id)
    listed = await links.fetch_page(limit=10)
    assert [item.is_deleted for item in listed] == [True]


async def test_channels_are_named_chats_with_their_own_messages(
    live_server: str, parties: Parties
) -> None:
    channels = sdk(live_server, parties.operations).helpdesk.channels
    channel = channels.create({"name": "Announcements"})
    assert channel.id.startswith("CHT-")
    assert channel.type == "Channel"
    chats = sdk(live_server, parties.operations).helpdesk.chats
    chats.messages(channel.id).create({"content": "Maintenance tonight"})
    messages = channels.messages(channel.id).fetch_page(limit=10)
    assert [m.content for m in messages] == ["Maintenance tonight"]
    assert channels.update(channel.id, {"description": "News"}).description == "News"
    assert [c.name for c in channels.iterate()] == ["Announcements"]
    channels.delete(channel.id)
    with pytest.raises(MPTAPIError) as gone:
        channels.get(channel.id)
    assert gone.value.status_code == 404


async def test_a_channel_needs_a_name(client: httpx.AsyncClient, parties: Parties) -> None:
    assert_problem(await call(client, "POST", "/channels", parties.client, json={}), 400)


async def test_a_group_chat_is_not_a_channel(
    client: httpx.AsyncClient, parties: Parties, chat: Any
) -> None:
    assert_problem(await call(client, "GET", f"/channels/{chat['id']}", parties.client), 404)
