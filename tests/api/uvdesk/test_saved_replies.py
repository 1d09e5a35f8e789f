"""Saved replies, as the seed shows them. Administrators' replies are shared with every
agent; an agent's own are theirs alone."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv

pytestmark = pytest.mark.anyio

SEED_REPLY = {"name": "saved reply for sending message", "message": "thank for your support"}


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


@pytest.fixture
async def agent(app: FastAPI) -> str:
    return await support_token(app, SupportRole.AGENT, "agent@desk.example")


@pytest.fixture
async def other_agent(app: FastAPI) -> str:
    return await support_token(app, SupportRole.AGENT, "other@desk.example")


async def add(client: httpx.AsyncClient, token: str, **body: Any) -> int:
    response = await uv(client, "POST", "/api/saved-replys.json", token, json=SEED_REPLY | body)
    assert response.status_code == 200, response.text
    return int(response.json()["id"])


async def names(client: httpx.AsyncClient, token: str, query: str = "") -> list[str]:
    response = await uv(client, "GET", f"/api/saved-replys.json{query}", token)
    assert response.status_code == 200, response.text
    return [row["name"] for row in response.json()]


async def test_adding_the_seeds_reply_answers_the_seeds_envelope(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await uv(client, "POST", "/api/saved-replys.json", admin, json=SEED_REPLY)
    assert response.json() == {
        "msg": "Success! Saved Reply has been added successfully.",
        "id": response.json()["id"],
    }


async def test_the_list_is_the_seeds_plain_array_newest_first(
    client: httpx.AsyncClient, admin: str
) -> None:
    first = await add(client, admin, name="department msg", message="<p>Hi</p>")
    second = await add(client, admin)
    rows = (await uv(client, "GET", "/api/saved-replys.json", admin)).json()
    assert rows == [
        {
            "id": second,
            "companyId": 1,
            "templateId": None,
            "name": "saved reply for sending message",
            "subject": None,
            "isPredefind": None,
            "templateFor": None,
            "message": "thank for your support",
            "messageInline": None,
            "isShared": True,
        },
        {
            "id": first,
            "companyId": 1,
            "templateId": None,
            "name": "department msg",
            "subject": None,
            "isPredefind": None,
            "templateFor": None,
            "message": "<p>Hi</p>",
            "messageInline": None,
            "isShared": True,
        },
    ]


async def test_the_list_searches_by_name_and_pages_by_ten(
    client: httpx.AsyncClient, admin: str
) -> None:
    for index in range(11):
        await add(client, admin, name=f"and {index:02}")
    await add(client, admin, name="other")
    assert await names(client, admin, "?search=and&page=2") == ["and 00"]
    assert len(await names(client, admin)) == 10
    assert (await names(client, admin, "?sort=name"))[0] == "and 00"


async def test_editing_answers_the_seeds_envelope(client: httpx.AsyncClient, admin: str) -> None:
    reply_id = await add(client, admin)
    body = {
        "name": "edited saved reply",
        "message": "thanks for your support <p>{%ticket.status%}</p>",
    }
    response = await uv(client, "PUT", f"/api/saved-reply/{reply_id}.json", admin, json=body)
    assert response.json() == {
        "msg": "Success! Saved Reply has been updated successfully.",
        "id": reply_id,
    }
    row = (await uv(client, "GET", "/api/saved-replys.json", admin)).json()[0]
    assert (row["name"], row["message"]) == (
        "edited saved reply",
        "thanks for your support <p>{%ticket.status%}</p>",
    )


async def test_deleting_answers_the_seeds_message(client: httpx.AsyncClient, admin: str) -> None:
    reply_id = await add(client, admin)
    response = await uv(client, "DELETE", f"/api/saved-reply/{reply_id}.json", admin)
    assert response.json() == {"message": "Success! Saved Reply has been deleted successfully."}
    assert await names(client, admin) == []


async def test_a_replys_html_is_sanitised(client: httpx.AsyncClient, admin: str) -> None:
    await add(client, admin, message="<b>Hi</b><script>steal()</script>")
    row = (await uv(client, "GET", "/api/saved-replys.json", admin)).json()[0]
    assert row["message"] == "<b>Hi</b>"


@pytest.mark.parametrize("missing", ["name", "message"])
async def test_a_reply_needs_a_name_and_a_message(
    client: httpx.AsyncClient, admin: str, missing: str
) -> None:
    body = SEED_REPLY | {missing: " "}
    response = await uv(client, "POST", "/api/saved-replys.json", admin, json=body)
    assert missing in assert_uv_error(response, 400)["errors"]


async def test_agents_see_shared_replies_and_their_own_only(
    client: httpx.AsyncClient, admin: str, agent: str, other_agent: str
) -> None:
    await add(client, admin, name="shared")
    await add(client, agent, name="mine")
    await add(client, other_agent, name="theirs")
    assert await names(client, agent) == ["mine", "shared"]
    assert await names(client, admin) == ["theirs", "mine", "shared"]


async def test_an_agents_own_reply_is_not_shared(client: httpx.AsyncClient, agent: str) -> None:
    await add(client, agent)
    row = (await uv(client, "GET", "/api/saved-replys.json", agent)).json()[0]
    assert row["isShared"] is False


async def test_an_agent_changes_their_own_reply(client: httpx.AsyncClient, agent: str) -> None:
    reply_id = await add(client, agent)
    path = f"/api/saved-reply/{reply_id}.json"
    assert (await uv(client, "PUT", path, agent, json={"name": "renamed"})).status_code == 200
    assert (await uv(client, "DELETE", path, agent)).status_code == 200


async def test_another_agents_reply_is_not_found(
    client: httpx.AsyncClient, agent: str, other_agent: str
) -> None:
    path = f"/api/saved-reply/{await add(client, other_agent)}.json"
    assert_uv_error(await uv(client, "PUT", path, agent, json={"name": "mine now"}), 404)
    assert_uv_error(await uv(client, "DELETE", path, agent), 404)


async def test_agents_may_not_change_shared_replies(
    client: httpx.AsyncClient, admin: str, agent: str
) -> None:
    path = f"/api/saved-reply/{await add(client, admin)}.json"
    assert_uv_error(await uv(client, "PUT", path, agent, json={"name": "mine now"}), 403)
    assert_uv_error(await uv(client, "DELETE", path, agent), 403)


async def test_customers_have_no_saved_replies(client: httpx.AsyncClient, app: FastAPI) -> None:
    customer = await support_token(app, SupportRole.CUSTOMER, "customer@example.com")
    assert_uv_error(await uv(client, "GET", "/api/saved-replys.json", customer), 403)
    response = await uv(client, "POST", "/api/saved-replys.json", customer, json=SEED_REPLY)
    assert_uv_error(response, 403)
