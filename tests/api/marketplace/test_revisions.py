"""Optimistic concurrency on Marketplace writes: ``revision`` in the body, ``If-Match`` and
``ETag``; writes that send neither keep working, and no write is ever lost."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI
from mpt_api_client.exceptions import MPTAPIError

from helpdesk.app import create_app
from helpdesk.core.settings import Settings
from tests.api.marketplace.helpers import Parties, assert_problem, call, make_parties, sdk

pytestmark = pytest.mark.anyio


@pytest.fixture
async def parties(app: FastAPI) -> Parties:
    return await make_parties(app)


@pytest.fixture
async def queue_id(client: httpx.AsyncClient, parties: Parties) -> str:
    created = await call(client, "POST", "/queues", parties.client, json={"name": "Billing"})
    assert created.status_code == 201
    return str(created.json()["id"])


async def test_a_single_object_carries_its_revision_as_etag(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    response = await call(client, "GET", f"/queues/{queue_id}", parties.client)
    assert response.headers["ETag"] == '"1"'


async def test_creations_and_updates_carry_the_new_etag(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    created = await call(client, "POST", "/queues", parties.client, json={"name": "Q"})
    assert created.headers["ETag"] == '"1"'
    path = f"/queues/{created.json()['id']}"
    updated = await call(client, "PUT", path, parties.client, json={"name": "R"})
    assert updated.headers["ETag"] == '"2"'


async def test_a_collection_carries_no_etag(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    response = await call(client, "GET", "/queues", parties.client)
    assert "ETag" not in response.headers


async def test_an_update_based_on_the_current_revision_applies(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    body = {"name": "Invoices", "revision": 1}
    response = await call(client, "PUT", f"/queues/{queue_id}", parties.client, json=body)
    assert response.status_code == 200
    assert response.json()["revision"] == 2


async def test_an_update_based_on_a_stale_revision_is_a_conflict(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    path = f"/queues/{queue_id}"
    await call(client, "PUT", path, parties.client, json={"name": "First", "revision": 1})
    stale = await call(client, "PUT", path, parties.client, json={"name": "Second", "revision": 1})
    assert_problem(stale, 409)
    current = (await call(client, "GET", path, parties.client)).json()
    assert (current["name"], current["revision"]) == ("First", 2)


async def test_a_revision_that_is_not_a_number_is_a_validation_problem(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    body = {"name": "X", "revision": "1"}
    response = await call(client, "PUT", f"/queues/{queue_id}", parties.client, json=body)
    assert assert_problem(response, 400)["errors"] == {"revision": ["Must be an integer."]}


async def test_if_match_with_the_current_etag_applies(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    path = f"/queues/{queue_id}"
    etag = (await call(client, "GET", path, parties.client)).headers["ETag"]
    response = await call(
        client, "PUT", path, parties.client, json={"name": "X"}, headers={"If-Match": etag}
    )
    assert response.status_code == 200


async def test_if_match_with_a_stale_etag_fails_its_precondition(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    path = f"/queues/{queue_id}"
    await call(client, "PUT", path, parties.client, json={"name": "First"})
    stale = await call(
        client, "PUT", path, parties.client, json={"name": "Second"}, headers={"If-Match": '"1"'}
    )
    assert_problem(stale, 412)
    assert (await call(client, "GET", path, parties.client)).json()["name"] == "First"


async def test_if_match_with_a_weak_etag_never_matches(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    response = await call(
        client, "PUT", f"/queues/{queue_id}", parties.client, json={"name": "X"},
        headers={"If-Match": 'W/"1"'},
    )  # fmt: skip
    assert_problem(response, 412)


async def test_if_match_any_only_asks_that_the_object_exists(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    path = f"/queues/{queue_id}"
    await call(client, "PUT", path, parties.client, json={"name": "First"})
    response = await call(
        client, "PUT", path, parties.client, json={"name": "X"}, headers={"If-Match": "*"}
    )
    assert response.status_code == 200


async def test_an_update_without_revision_or_if_match_still_applies(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    path = f"/queues/{queue_id}"
    await call(client, "PUT", path, parties.client, json={"name": "First"})
    response = await call(client, "PUT", path, parties.client, json={"name": "Second"})
    assert response.status_code == 200
    assert response.json()["revision"] == 3


async def test_the_sdk_sending_back_a_stale_object_gets_a_conflict(
    live_server: str, parties: Parties
) -> None:
    queues = sdk(live_server, parties.client).helpdesk.queues
    created = queues.create({"name": "Billing"})
    read = queues.get(created.id).to_dict()
    queues.update(created.id, {**read, "name": "Invoices"})
    with pytest.raises(MPTAPIError) as stale:
        queues.update(created.id, {**read, "name": "Refunds"})
    assert stale.value.status_code == 409
    assert queues.get(created.id).name == "Invoices"


async def test_a_stale_case_update_is_a_conflict(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    opened = await call(
        client, "POST", "/cases", parties.client,
        json={"queue": {"id": queue_id}, "chat": {"lastMessage": {"content": "Help"}}},
    )  # fmt: skip
    assert opened.status_code == 201, opened.text
    path = f"/cases/{opened.json()['id']}"
    stale = await call(
        client, "PUT", path, parties.client, json={"revision": opened.json()["revision"] + 5}
    )
    assert_problem(stale, 409)


@pytest.fixture
async def second_worker(settings: Settings) -> AsyncIterator[FastAPI]:
    other = create_app(settings)
    yield other
    await other.state.runtime.dispose()


async def test_concurrent_updates_based_on_one_revision_apply_once(
    app: FastAPI, second_worker: FastAPI, parties: Parties, queue_id: str
) -> None:
    """Sixteen writers read revision 1 and write at once through two app instances: one
    applies, every other is told its base is stale; none is silently overwritten."""
    clients = [
        httpx.AsyncClient(transport=httpx.ASGITransport(app=worker), base_url="http://t")
        for worker in (app, second_worker)
    ]
    try:
        responses = await asyncio.gather(
            *(
                call(
                    clients[index % 2],
                    "PUT",
                    f"/queues/{queue_id}",
                    parties.client,
                    json={"description": f"d{index}", "revision": 1},
                )
                for index in range(16)
            )
        )
        final = (await call(clients[0], "GET", f"/queues/{queue_id}", parties.client)).json()
    finally:
        for client in clients:
            await client.aclose()
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [200] + [409] * 15
    (applied,) = [response.json() for response in responses if response.status_code == 200]
    assert (final["revision"], final["description"]) == (2, applied["description"])
