"""Queues: the SDK's full life cycle, ownership and visibility."""

from __future__ import annotations

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


async def test_a_queue_goes_through_its_life_cycle_with_the_sync_sdk(
    live_server: str, parties: Parties
) -> None:
    queues = sdk(live_server, parties.operations).helpdesk.queues
    created = queues.create({"name": "Billing", "description": "Money matters"})
    assert created.id.startswith("HQU-")
    assert created.status == "Active"
    assert created.revision == 1
    assert created.statistics.to_dict() == {"totalCasesCount": 0, "openCasesCount": 0}

    updated = queues.update(created.id, {"shortDescription": "Invoices"})
    assert updated.short_description == "Invoices"
    assert updated.revision == 2

    disabled = queues.disable(created.id)
    assert disabled.status == "Disabled"
    assert "disabled" in disabled.audit.to_dict()
    assert queues.activate(created.id).status == "Active"

    assert queues.get(created.id).name == "Billing"
    page = queues.filter(RQLQuery(name="Billing")).fetch_page(limit=10)
    assert [queue.id for queue in page] == [created.id]
    queues.delete(created.id)
    with pytest.raises(MPTAPIError) as missing:
        queues.get(created.id)
    assert missing.value.status_code == 404


async def test_the_async_sdk_lists_and_iterates(live_server: str, parties: Parties) -> None:
    queues = async_sdk(live_server, parties.client).helpdesk.queues
    for name in ("One", "Two", "Three"):
        await queues.create({"name": name})
    names = [queue.name async for queue in queues.order_by("name").iterate(batch_size=2)]
    assert names == ["One", "Three", "Two"]


async def test_a_state_action_that_changes_nothing_is_a_conflict(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    created = (await call(client, "POST", "/queues", parties.client, json={"name": "Q"})).json()
    response = await call(client, "POST", f"/queues/{created['id']}/activate", parties.client)
    assert_problem(response, 409)


async def test_one_default_queue_per_account(client: httpx.AsyncClient, parties: Parties) -> None:
    first = (
        await call(client, "POST", "/queues", parties.client, json={"name": "A", "default": True})
    ).json()
    await call(client, "POST", "/queues", parties.client, json={"name": "B", "default": True})
    again = (await call(client, "GET", f"/queues/{first['id']}", parties.client)).json()
    assert again["default"] is False
    assert again["revision"] == 2


async def test_accounts_do_not_see_each_others_queues(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    own = (await call(client, "POST", "/queues", parties.client, json={"name": "Mine"})).json()
    for intruder in (parties.other_client, parties.vendor):
        response = await call(client, "GET", f"/queues/{own['id']}", intruder)
        assert_problem(response, 404)
        listed = (await call(client, "GET", "/queues", intruder)).json()
        assert listed["$meta"]["pagination"]["total"] == 0
        update = await call(client, "PUT", f"/queues/{own['id']}", intruder, json={"name": "x"})
        assert_problem(update, 404)
    seen = await call(client, "GET", f"/queues/{own['id']}", parties.operations)
    assert seen.status_code == 200


async def test_operations_offer_non_internal_queues_to_everyone(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    await call(client, "POST", "/queues", parties.operations, json={"name": "Public"})
    await call(
        client,
        "POST",
        "/queues",
        parties.operations,
        json={"name": "Back office", "internal": True},
    )
    listed = (await call(client, "GET", "/queues", parties.client)).json()
    assert [queue["name"] for queue in listed["data"]] == ["Public"]


async def test_a_visible_queue_of_another_account_cannot_be_changed(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    offered = (
        await call(client, "POST", "/queues", parties.operations, json={"name": "Public"})
    ).json()
    response = await call(client, "PUT", f"/queues/{offered['id']}", parties.client, json={})
    assert_problem(response, 403)


async def test_an_unknown_queue_is_not_found(client: httpx.AsyncClient, parties: Parties) -> None:
    for queue_id in ("HQU-0000-0000", "not-an-id"):
        response = await call(client, "GET", f"/queues/{queue_id}", parties.operations)
        assert_problem(response, 404)


async def test_a_nameless_queue_is_a_validation_problem(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    response = await call(client, "POST", "/queues", parties.client, json={"description": "?"})
    body = assert_problem(response, 400)
    assert "name" in str(body["errors"])
