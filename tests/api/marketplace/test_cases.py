"""Cases: filing opens a chat, the life cycle, operations-only fields and isolation."""

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


@pytest.fixture
async def queue_id(client: httpx.AsyncClient, parties: Parties) -> str:
    response = await call(client, "POST", "/queues", parties.operations, json={"name": "Support"})
    queue: dict[str, Any] = response.json()
    return str(queue["id"])


def new_case(queue_id: str, text: str = "My invoice is wrong") -> dict[str, Any]:
    return {"queue": {"id": queue_id}, "chat": {"lastMessage": {"content": text}}}


async def file(client: httpx.AsyncClient, token: str, queue_id: str, text: str = "Help") -> Any:
    response = await call(client, "POST", "/cases", token, json=new_case(queue_id, text))
    assert response.status_code == 201, response.text
    return response.json()


async def test_filing_a_case_opens_its_chat_with_the_first_message(
    live_server: str, parties: Parties, queue_id: str
) -> None:
    cases = sdk(live_server, parties.client).helpdesk.cases
    created = cases.create(new_case(queue_id, "My invoice is wrong"))
    assert created.id.startswith("CAS-")
    assert created.status == "Processing"
    assert created.chat.name == "My invoice is wrong"
    assert created.chat.last_message.content == "My invoice is wrong"
    assert created.reporter.email == "ann@one.test"
    assert created.account.name == "Client One"


async def test_a_case_moves_through_its_states_with_the_async_sdk(
    live_server: str, parties: Parties, queue_id: str
) -> None:
    cases = async_sdk(live_server, parties.operations).helpdesk.cases
    created = await cases.create(new_case(queue_id))
    queried = await cases.query(created.id, {"queryPrompt": "Which invoice?"})
    assert (queried.status, queried.query_prompt) == ("Querying", "Which invoice?")
    assert (await cases.process(created.id)).status == "Processing"
    completed = await cases.complete(created.id)
    assert completed.status == "Completed"
    assert {"queried", "processed", "completed"} <= set(completed.audit.to_dict())
    reopened = await cases.process(created.id)
    assert reopened.status == "Processing"
    assert reopened.revision == 5


async def test_an_invalid_transition_is_a_conflict(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    created = await file(client, parties.client, queue_id)
    response = await call(client, "POST", f"/cases/{created['id']}/process", parties.client)
    assert_problem(response, 409)


async def test_cases_are_listed_filtered_and_paged(
    live_server: str, parties: Parties, queue_id: str
) -> None:
    cases = sdk(live_server, parties.client).helpdesk.cases
    first = cases.create(new_case(queue_id, "first"))
    cases.create(new_case(queue_id, "second"))
    cases.complete(first.id)
    completed = cases.filter(RQLQuery(status="Completed")).fetch_page(limit=10)
    assert [case.id for case in completed] == [first.id]
    assert len(list(cases.iterate(batch_size=1))) == 2
    by_queue = cases.filter(RQLQuery().queue.id.eq(queue_id)).fetch_page(limit=1)
    assert by_queue.meta.pagination.total == 2


async def test_awaiting_is_for_operations_only(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    created = await file(client, parties.client, queue_id)
    assert "awaiting" not in created
    path = f"/cases/{created['id']}"
    await call(client, "PUT", path, parties.client, json={"awaiting": True})
    seen = (await call(client, "GET", path, parties.operations)).json()
    assert seen["awaiting"] is False
    await call(client, "PUT", path, parties.operations, json={"awaiting": True})
    assert (await call(client, "GET", path, parties.operations)).json()["awaiting"] is True
    hidden = await call(client, "GET", "/cases?eq(awaiting,true)", parties.client)
    assert_problem(hidden, 400)


async def test_assigning_a_case_adds_the_assignee_to_its_chat(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    created = await file(client, parties.client, queue_id)
    me = (await call(client, "GET", "/cases", parties.operations)).json()
    assert me["$meta"]["pagination"]["total"] == 1
    operator = await _operations_user_id(client, parties)
    updated = await call(
        client,
        "PUT",
        f"/cases/{created['id']}",
        parties.operations,
        json={"assignee": {"id": operator}},
    )
    assert updated.json()["assignee"]["email"] == "ops@ops.test"
    chat_id = created["chat"]["id"]
    participants = await call(client, "GET", f"/chats/{chat_id}/participants", parties.operations)
    emails = {item["contact"]["email"] for item in participants.json()["data"]}
    assert emails == {"ann@one.test", "ops@ops.test"}


async def _operations_user_id(client: httpx.AsyncClient, parties: Parties) -> str:
    queue = (await call(client, "POST", "/queues", parties.operations, json={"name": "X"})).json()
    return str(queue["audit"]["created"]["by"]["id"])


async def test_a_disabled_queue_accepts_no_new_cases(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    await call(client, "POST", f"/queues/{queue_id}/disable", parties.operations)
    response = await call(client, "POST", "/cases", parties.client, json=new_case(queue_id))
    assert_problem(response, 409)


async def test_queue_statistics_count_open_and_total_cases(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    first = await file(client, parties.client, queue_id)
    await file(client, parties.client, queue_id)
    await call(client, "POST", f"/cases/{first['id']}/complete", parties.client)
    queue = (await call(client, "GET", f"/queues/{queue_id}", parties.operations)).json()
    assert queue["statistics"] == {"totalCasesCount": 2, "openCasesCount": 1}
    deleting = await call(client, "DELETE", f"/queues/{queue_id}", parties.operations)
    assert_problem(deleting, 409)


async def test_a_queue_that_holds_cases_cannot_be_deleted(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    await file(client, parties.client, queue_id)
    deleting = await call(client, "DELETE", f"/queues/{queue_id}", parties.operations)
    assert_problem(deleting, 409)
    still_there = await call(client, "GET", f"/queues/{queue_id}", parties.operations)
    assert still_there.json()["statistics"]["totalCasesCount"] == 1


async def test_accounts_cannot_reach_each_others_cases(
    live_server: str, client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    created = await file(client, parties.client, queue_id)
    for intruder in (parties.other_client, parties.vendor):
        cases = sdk(live_server, intruder).helpdesk.cases
        with pytest.raises(MPTAPIError) as hidden:
            cases.get(created["id"])
        assert hidden.value.status_code == 404
        assert cases.fetch_page(limit=0).meta.pagination.total == 0
        update = await call(
            client, "PUT", f"/cases/{created['id']}", intruder, json={"awaiting": True}
        )
        assert_problem(update, 404)
        action = await call(client, "POST", f"/cases/{created['id']}/complete", intruder)
        assert_problem(action, 404)
    assert sdk(live_server, parties.operations).helpdesk.cases.get(created["id"]).id


async def test_an_unknown_case_is_not_found(client: httpx.AsyncClient, parties: Parties) -> None:
    response = await call(client, "GET", "/cases/CAS-0000-0000", parties.operations)
    assert_problem(response, 404)


async def test_a_case_without_a_message_is_a_validation_problem(
    client: httpx.AsyncClient, parties: Parties, queue_id: str
) -> None:
    body = {"queue": {"id": queue_id}, "chat": {"lastMessage": {"content": ""}}}
    response = await call(client, "POST", "/cases", parties.client, json=body)
    assert_problem(response, 400)


async def test_the_sdk_updates_and_reads_a_case(
    live_server: str, parties: Parties, queue_id: str
) -> None:
    operations = sdk(live_server, parties.operations).helpdesk.cases
    created = operations.create(new_case(queue_id))
    updated = operations.update(created.id, {"awaiting": True})
    assert (updated.awaiting, updated.revision) == (True, 2)
    assert operations.get(created.id).awaiting is True
