"""``Idempotency-Key`` on creating requests: a retry replays the first answer."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select, update

from helpdesk.core.clock import utcnow
from helpdesk.domain.guards.models import IdempotentRequest
from helpdesk.domain.queues.models import Queue
from helpdesk.domain.tickets.models import Ticket
from tests.api.marketplace.helpers import BASE, assert_problem
from tests.conftest import bearer
from tests.factories import in_transaction, marketplace_token, uvdesk_token

pytestmark = pytest.mark.anyio

TICKET = {"from": "ann@example.com", "name": "Ann", "subject": "Help", "reply": "Please"}


def keyed(token: str, key: str) -> dict[str, str]:
    return {**bearer(token), "Idempotency-Key": key}


async def count_queues(app: FastAPI) -> int:
    return int(await in_transaction(app, lambda s: s.scalar(select(func.count(Queue.id)))))


async def count_tickets(app: FastAPI) -> int:
    return int(await in_transaction(app, lambda s: s.scalar(select(func.count(Ticket.id)))))


async def test_a_retried_marketplace_creation_replays_the_first_answer(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    token = await marketplace_token(app)
    first = await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=keyed(token, "k-1"))
    again = await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=keyed(token, "k-1"))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["content-type"] == first.headers["content-type"]
    assert await count_queues(app) == 1


async def test_a_retried_uvdesk_creation_replays_the_first_answer(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    token = await uvdesk_token(app)
    first = await client.post("/en/api/tickets.json", json=TICKET, headers=keyed(token, "t-1"))
    again = await client.post("/en/api/tickets.json", json=TICKET, headers=keyed(token, "t-1"))
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert await count_tickets(app) == 1


async def test_requests_without_a_key_still_create_each_time(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    token = await marketplace_token(app)
    for _ in range(2):
        response = await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=bearer(token))
        assert response.status_code == 201
    assert await count_queues(app) == 2


async def test_the_same_key_with_another_body_is_unprocessable(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    token = await marketplace_token(app)
    await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=keyed(token, "k"))
    other = await client.post(f"{BASE}/queues", json={"name": "R"}, headers=keyed(token, "k"))
    assert_problem(other, 422)
    assert await count_queues(app) == 1


async def test_the_same_key_on_another_route_is_unprocessable_in_uvdesk_format(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    token = await uvdesk_token(app)
    await client.post("/api/tickets.json", json=TICKET, headers=keyed(token, "k"))
    other = await client.post("/api/customers.json", json=TICKET, headers=keyed(token, "k"))
    assert other.status_code == 422
    assert other.json()["error"] == "unprocessable_content"


async def test_keys_are_scoped_per_caller(client: httpx.AsyncClient, app: FastAPI) -> None:
    ann = await marketplace_token(app, email="ann@one.test")
    bob = await marketplace_token(app, email="bob@one.test")
    first = await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=keyed(ann, "k"))
    second = await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=keyed(bob, "k"))
    assert second.status_code == 201
    assert "Idempotent-Replayed" not in second.headers
    assert second.json()["id"] != first.json()["id"]
    assert await count_queues(app) == 2


async def test_a_failed_request_releases_its_key(client: httpx.AsyncClient, app: FastAPI) -> None:
    token = await marketplace_token(app)
    refused = await client.post(f"{BASE}/queues", json={"name": ""}, headers=keyed(token, "k"))
    assert_problem(refused, 400)
    accepted = await client.post(f"{BASE}/queues", json={"name": ""}, headers=keyed(token, "k"))
    assert_problem(accepted, 400)
    assert (
        await in_transaction(app, lambda s: s.scalar(select(func.count(IdempotentRequest.id)))) == 0
    )


async def test_an_expired_key_creates_anew(client: httpx.AsyncClient, app: FastAPI) -> None:
    token = await marketplace_token(app)
    await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=keyed(token, "k"))

    async def expire(session: object) -> None:
        await session.execute(  # type: ignore[attr-defined]
            update(IdempotentRequest).values(expires_at=utcnow() - timedelta(seconds=1))
        )

    await in_transaction(app, expire)
    again = await client.post(f"{BASE}/queues", json={"name": "Q"}, headers=keyed(token, "k"))
    assert again.status_code == 201
    assert "Idempotent-Replayed" not in again.headers
    assert await count_queues(app) == 2


async def test_a_malformed_key_is_a_bad_request(client: httpx.AsyncClient, app: FastAPI) -> None:
    token = await marketplace_token(app)
    response = await client.post(
        f"{BASE}/queues", json={"name": "Q"}, headers=keyed(token, "x" * 256)
    )
    assert_problem(response, 400)
    assert await count_queues(app) == 0


async def test_a_key_on_a_read_is_ignored(client: httpx.AsyncClient, app: FastAPI) -> None:
    token = await marketplace_token(app)
    response = await client.get(f"{BASE}/queues", headers=keyed(token, "k"))
    assert response.status_code == 200


async def test_fifty_concurrent_identical_requests_create_one_object(
    live_server: str, app: FastAPI
) -> None:
    """Real sockets against one served app: one request creates, the others either wait
    their turn and replay its answer or are told it is still in flight (409)."""
    token = await marketplace_token(app)
    limits = httpx.Limits(max_connections=50)
    async with httpx.AsyncClient(base_url=live_server, limits=limits, timeout=60) as http:
        responses = await asyncio.gather(
            *(
                http.post(f"{BASE}/queues", json={"name": "Once"}, headers=keyed(token, "once"))
                for _ in range(50)
            )
        )
    created = [response for response in responses if response.status_code == 201]
    statuses = {response.status_code for response in responses}
    assert statuses <= {201, 409}
    assert created
    assert {response.json()["id"] for response in created} == {created[0].json()["id"]}
    assert await count_queues(app) == 1
