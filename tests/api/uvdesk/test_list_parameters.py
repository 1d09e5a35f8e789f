"""UVdesk list parameters (``sort``, ``direction``, ``search``, filters, ``page``) as every
list reads them: through the same list query the Marketplace's RQL compiles to."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def add_customer(client: httpx.AsyncClient, admin: str, first_name: str) -> None:
    body = {"firstName": first_name, "lastName": "C", "email": f"{first_name}@example.com"}
    assert (await uv(client, "POST", "/api/customers.json", admin, json=body)).status_code == 200


async def add_type(client: httpx.AsyncClient, admin: str, name: str) -> None:
    body = {"name": name, "description": "", "isActive": 1}
    assert (await uv(client, "POST", "/api/ticket-types.json", admin, json=body)).status_code == 200


async def type_names(client: httpx.AsyncClient, admin: str, query: str) -> list[str]:
    listed = (await uv(client, "GET", f"/api/ticket-types.json?{query}", admin)).json()
    return [item["name"] for item in listed["types"]]


async def test_the_direction_may_follow_the_sort_field(
    client: httpx.AsyncClient, admin: str
) -> None:
    for name in ("bea", "abe", "cid"):
        await add_customer(client, admin, name)
    listed = (await uv(client, "GET", "/api/customers.json?sort=name%20desc", admin)).json()
    assert [c["name"] for c in listed["customers"]] == ["cid C", "bea C", "abe C"]


async def test_an_unknown_sort_field_keeps_the_default_order(
    client: httpx.AsyncClient, admin: str
) -> None:
    for name in ("beta", "alpha"):
        await add_type(client, admin, name)
    assert await type_names(client, admin, "sort=t.color&direction=desc") == [
        "alpha",
        "beta",
        "Support",
    ]


async def test_search_takes_sql_wildcards_literally(client: httpx.AsyncClient, admin: str) -> None:
    for name in ("50% off", "500 off", "half_price"):
        await add_type(client, admin, name)
    assert await type_names(client, admin, "search=%25") == ["50% off"]
    assert await type_names(client, admin, "search=_") == ["half_price"]


async def test_tickets_without_an_agent_sort_last_by_agent_name(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    await support_token(app, SupportRole.AGENT, "zed@desk.example", name="Zed Agent")
    members = (await uv(client, "GET", "/api/members.json?fullList", admin)).json()["users"]
    zed = next(member["id"] for member in members if member["email"] == "zed@desk.example")
    unassigned = await raise_ticket(client, admin, subject="nobody's")
    assigned = await raise_ticket(client, admin, subject="zed's")
    await uv(client, "PUT", f"/api/ticket/{assigned['id']}/agent.json", admin, json={"id": zed})
    listed = (await uv(client, "GET", "/api/tickets.json?sort=agentName", admin)).json()
    assert [t["id"] for t in listed["tickets"]] == [assigned["id"], unassigned["id"]]


async def test_a_filter_that_is_not_a_number_is_ignored(
    client: httpx.AsyncClient, admin: str
) -> None:
    created = await raise_ticket(client, admin)
    listed = (await uv(client, "GET", "/api/tickets.json?status=open", admin)).json()
    assert [t["id"] for t in listed["tickets"]] == [created["id"]]


async def test_tickets_are_filtered_by_tag(client: httpx.AsyncClient, admin: str) -> None:
    tagged = await raise_ticket(client, admin, subject="tagged")
    await raise_ticket(client, admin, subject="plain")
    path = f"/api/ticket/{tagged['id']}/tags.json"
    tag = (await uv(client, "POST", path, admin, json={"name": "billing"})).json()["tag"]
    listed = (await uv(client, "GET", f"/api/tickets.json?tags={tag['id']}", admin)).json()
    assert [t["subject"] for t in listed["tickets"]] == ["tagged"]


async def test_the_full_member_list_has_no_pages(client: httpx.AsyncClient, admin: str) -> None:
    listed = (await uv(client, "GET", "/api/members.json?fullList&page=3", admin)).json()
    assert [member["email"] for member in listed["users"]] == ["admin@desk.example"]


async def test_tags_sort_by_their_ticket_count(client: httpx.AsyncClient, admin: str) -> None:
    for index in range(2):
        ticket = await raise_ticket(client, admin, subject=f"ticket {index}")
        for name in ("common", "rare")[: index + 1]:
            path = f"/api/ticket/{ticket['id']}/tags.json"
            await uv(client, "POST", path, admin, json={"name": name})
    listed = (await uv(client, "GET", "/api/tags.json?sort=ticketCount", admin)).json()
    assert [(t["name"], t["ticketCount"]) for t in listed["tags"]] == [
        ("rare", "1"),
        ("common", "2"),
    ]
