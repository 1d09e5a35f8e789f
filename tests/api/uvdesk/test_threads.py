"""Threads: replies, notes hidden from customers, locking, editing, removal."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def add(client: httpx.AsyncClient, token: str, ticket_id: int, **body: str) -> httpx.Response:
    return await uv(client, "POST", f"/api/ticket/{ticket_id}/threads.json", token, json=body)


async def test_a_reply_is_added_with_a_status_change(client: httpx.AsyncClient, admin: str) -> None:
    ticket = await raise_ticket(client, admin)
    response = await add(
        client, admin, ticket["ticketId"], threadType="reply", reply="replied content", status="2"
    )
    assert response.json() == {
        "message": "Success ! Reply added successfully.",
        "id": response.json()["id"],
    }
    view = (await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", admin)).json()
    assert view["ticket"]["status"]["name"] == "Pending"
    assert view["ticket"]["isReplied"] is True
    threads = (
        await uv(client, "GET", f"/api/ticket/{ticket['ticketId']}/threads.json", admin)
    ).json()
    assert [t["threadType"] for t in threads["threads"]] == ["create", "reply"]
    assert threads["pagination"]["url"] == f"#id/{ticket['ticketId']}/page/replacePage"


async def test_notes_are_never_shown_to_customers(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    customer = await support_token(app, SupportRole.CUSTOMER, "test@example.com")
    ticket = await raise_ticket(client, customer)
    await add(client, admin, ticket["ticketId"], threadType="note", reply="internal only")
    await add(client, admin, ticket["ticketId"], threadType="reply", reply="hello customer")
    seen = (
        await uv(client, "GET", f"/api/ticket/{ticket['ticketId']}/threads.json", customer)
    ).json()
    assert [t["reply"] for t in seen["threads"]][1:] == ["hello customer"]
    assert seen["pagination"]["totalCount"] == 2


async def test_customers_can_only_reply(client: httpx.AsyncClient, app: FastAPI) -> None:
    customer = await support_token(app, SupportRole.CUSTOMER, "test@example.com")
    ticket = await raise_ticket(client, customer)
    assert (
        await add(client, customer, ticket["ticketId"], threadType="reply", reply="more info")
    ).status_code == 200
    assert_uv_error(
        await add(client, customer, ticket["ticketId"], threadType="note", reply="x"), 403
    )


async def test_thread_html_is_sanitised(client: httpx.AsyncClient, admin: str) -> None:
    ticket = await raise_ticket(client, admin)
    await add(
        client,
        admin,
        ticket["ticketId"],
        threadType="reply",
        reply="<p>ok</p><script>alert(1)</script>",
    )
    threads = (
        await uv(client, "GET", f"/api/ticket/{ticket['ticketId']}/threads.json", admin)
    ).json()
    assert threads["threads"][-1]["reply"] == "<p>ok</p>"


async def test_a_locked_thread_cannot_be_edited_or_removed(
    client: httpx.AsyncClient, admin: str
) -> None:
    ticket = await raise_ticket(client, admin)
    thread = (
        await add(client, admin, ticket["ticketId"], threadType="reply", reply="replied content")
    ).json()
    path = f"/api/ticket/{ticket['ticketId']}/thread/{thread['id']}.json"
    locked = await uv(client, "PATCH", path, admin, json={"updateType": "lock"})
    assert locked.json() == {"message": "Success ! Thread locked successfully."}
    assert_uv_error(await uv(client, "PUT", path, admin, json={"reply": "changed"}), 409)
    assert_uv_error(await uv(client, "DELETE", path, admin), 409)
    unlocked = await uv(client, "PATCH", path, admin, json={"updateType": "lock"})
    assert unlocked.json() == {"message": "Success ! Thread unlocked successfully."}
    edited = await uv(
        client,
        "PUT",
        path,
        admin,
        json={"threadType": "reply", "reply": "replied content", "status": "1"},
    )
    assert edited.json() == {"message": "Success ! Thread updated successfully."}
    removed = await uv(client, "DELETE", path, admin)
    assert removed.json() == {"message": "Success ! Thread removed successfully."}


async def test_bookmarks_toggle(client: httpx.AsyncClient, admin: str) -> None:
    ticket = await raise_ticket(client, admin)
    thread = (
        await add(client, admin, ticket["ticketId"], threadType="reply", reply="keep this")
    ).json()
    path = f"/api/ticket/{ticket['ticketId']}/thread/{thread['id']}.json"
    marked = await uv(client, "PATCH", path, admin, json={"updateType": "bookmark"})
    assert marked.json() == {"message": "Success ! Thread bookmarked successfully."}


async def test_an_unknown_thread_type_is_refused(client: httpx.AsyncClient, admin: str) -> None:
    ticket = await raise_ticket(client, admin)
    assert_uv_error(
        await add(client, admin, ticket["ticketId"], threadType="shout", reply="x"), 400
    )


async def test_threads_are_dated_as_the_seeds_thread_list(
    client: httpx.AsyncClient, admin: str
) -> None:
    """The seed: ``05-31-17 16:45`` in the thread list, ``02-Jun 05:29pm`` on the ticket."""
    ticket = await raise_ticket(client, admin)
    path = f"/api/ticket/{ticket['ticketId']}/threads.json"
    [listed] = (await uv(client, "GET", path, admin)).json()["threads"]
    assert re.fullmatch(r"\d\d-\d\d-\d\d \d\d:\d\d", listed["formatedCreatedAt"])
    view = (await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", admin)).json()
    assert re.fullmatch(
        r"\d\d-[A-Z][a-z]{2} \d\d:\d\d[ap]m", view["createThread"]["formatedCreatedAt"]
    )


async def test_a_threads_author_carries_each_side_they_are_on(
    client: httpx.AsyncClient, admin: str
) -> None:
    ticket = await raise_ticket(client, admin, **{"from": "admin@desk.example"})
    await add(client, admin, ticket["ticketId"], threadType="reply", reply="from the desk")
    path = f"/api/ticket/{ticket['ticketId']}/threads.json"
    threads = (await uv(client, "GET", path, admin)).json()["threads"]
    author = threads[-1]["user"]
    assert (author["role"], author["enabled"]) == ("ROLE_ADMIN", True)
    assert set(author["detail"]) == {"agent", "customer"}
    assert author["detail"]["customer"]["userRole"]["role"] == "ROLE_CUSTOMER"
