"""Marketplace collections: envelope, paging, RQL filters, ordering and projection.

Driven through the contacts collection, the simplest one; each resource's own tests
cover its fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from mpt_api_client import AsyncMPTClient, MPTClient, RQLQuery
from mpt_api_client.auth import BearerTokenAuthentication

from helpdesk.domain.identity.contacts import NewContact, create_contact
from helpdesk.domain.identity.models import AccountType
from tests.conftest import bearer
from tests.factories import in_transaction, marketplace_token

pytestmark = pytest.mark.anyio

NAMES = ["Ada Lovelace", "Alan Turing", "Grace Hopper", "Tom & Jerry's", "50% Off_Sale*"]


@pytest.fixture
async def operations_token(app: FastAPI) -> str:
    token = await marketplace_token(app, AccountType.OPERATIONS, "Ops", "ops@ops.test")
    await in_transaction(
        app,
        lambda session: _contacts(session, NAMES),
    )
    return token


async def _contacts(session: Any, names: list[str]) -> None:
    for index, name in enumerate(names):
        await create_contact(session, NewContact(f"person{index}@people.test", name))


@pytest.fixture
def sdk(live_server: str, operations_token: str) -> Iterator[MPTClient]:
    # The sync client blocks this test's loop, not the live server's (its own thread).
    yield MPTClient.from_config(BearerTokenAuthentication(operations_token), live_server)


@pytest.fixture
def async_sdk(live_server: str, operations_token: str) -> Iterator[AsyncMPTClient]:
    yield AsyncMPTClient.from_config(BearerTokenAuthentication(operations_token), live_server)


async def list_contacts(client: httpx.AsyncClient, token: str, query: str) -> httpx.Response:
    return await client.get(f"/public/v1/notifications/contacts?{query}", headers=bearer(token))


async def test_the_envelope_carries_pagination_and_data(
    client: httpx.AsyncClient, operations_token: str
) -> None:
    body = (await list_contacts(client, operations_token, "limit=2&offset=1&order=name")).json()
    assert body["$meta"]["pagination"] == {"offset": 1, "limit": 2, "total": 6}
    assert [item["name"] for item in body["data"]] == ["Ada Lovelace", "Alan Turing"]


async def test_limit_zero_counts_without_data(
    client: httpx.AsyncClient, operations_token: str
) -> None:
    body = (await list_contacts(client, operations_token, "limit=0")).json()
    assert body["data"] == []
    assert body["$meta"]["pagination"]["total"] == 6


async def test_ilike_matches_case_insensitively_with_wildcards(
    client: httpx.AsyncClient, operations_token: str
) -> None:
    body = (await list_contacts(client, operations_token, "ilike(name,*TURING*)")).json()
    assert [item["name"] for item in body["data"]] == ["Alan Turing"]


async def test_an_escaped_star_and_sql_wildcards_match_literally(
    client: httpx.AsyncClient, operations_token: str
) -> None:
    body = (await list_contacts(client, operations_token, "ilike(name,*_Sale\\*)")).json()
    assert [item["name"] for item in body["data"]] == ["50% Off_Sale*"]
    none = (await list_contacts(client, operations_token, "ilike(name,*x_y*)")).json()
    assert none["data"] == []


async def test_descending_order(client: httpx.AsyncClient, operations_token: str) -> None:
    body = (
        await list_contacts(client, operations_token, "ilike(email,person*)&order=-name&limit=1")
    ).json()
    assert body["data"][0]["name"] == "Tom & Jerry's"


async def test_select_removes_fields_and_reports_them(
    client: httpx.AsyncClient, operations_token: str
) -> None:
    body = (await list_contacts(client, operations_token, "select=-audit&limit=1")).json()
    assert "audit" not in body["data"][0]
    assert body["$meta"]["omitted"] == ["audit"]


async def test_in_and_out(client: httpx.AsyncClient, operations_token: str) -> None:
    query = "in(name,('Ada Lovelace','Grace Hopper'))&order=name"
    body = (await list_contacts(client, operations_token, query)).json()
    assert [item["name"] for item in body["data"]] == ["Ada Lovelace", "Grace Hopper"]
    out = (await list_contacts(client, operations_token, "out(name,(Ada Lovelace))")).json()
    assert out["$meta"]["pagination"]["total"] == 5


async def test_dates_compare_as_dates(client: httpx.AsyncClient, operations_token: str) -> None:
    body = (await list_contacts(client, operations_token, "gt(audit.created.at,2000-01-01)")).json()
    assert body["$meta"]["pagination"]["total"] == 6


@pytest.mark.parametrize(
    "query",
    ["eq(nonsense,1)", "eq(name", "order=-nonsense", "gt(audit.created.at,yesterday)", "limit=x"],
)
async def test_bad_queries_are_problem_documents(
    client: httpx.AsyncClient, operations_token: str, query: str
) -> None:
    response = await list_contacts(client, operations_token, query)
    assert response.status_code == 400
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["traceId"]


async def test_lists_never_include_what_the_caller_cannot_see(
    client: httpx.AsyncClient, app: FastAPI, operations_token: str
) -> None:
    client_token = await marketplace_token(app)
    body = (await list_contacts(client, client_token, "")).json()
    # A client sees only contacts of its own account: its user's own contact, if any.
    assert body["$meta"]["pagination"]["total"] == len(body["data"])
    assert all(item["name"] not in NAMES for item in body["data"])


async def test_the_sdk_filters_with_rqlquery_and_quoted_values(sdk: MPTClient) -> None:
    contacts = sdk.notifications.contacts.filter(RQLQuery(name="Tom & Jerry's"))
    assert [contact.name for contact in contacts.iterate()] == ["Tom & Jerry's"]


async def test_the_sdk_pages_through_everything(sdk: MPTClient) -> None:
    page = sdk.notifications.contacts.order_by("name").fetch_page(limit=2)
    assert len(page) == 2
    everything = list(sdk.notifications.contacts.iterate(batch_size=2))
    assert len(everything) == 6


async def test_the_async_sdk_filters_and_iterates(async_sdk: AsyncMPTClient) -> None:
    contacts = async_sdk.notifications.contacts.filter(RQLQuery(name__ilike="a*"))
    names = [contact.name async for contact in contacts.order_by("name").iterate()]
    assert names == ["Ada Lovelace", "Alan Turing"]
