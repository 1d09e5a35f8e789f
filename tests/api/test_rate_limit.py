"""The per-token rate limit: a fixed window per minute, refused with 429 in each dialect."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from helpdesk.app import create_app
from helpdesk.core.settings import Settings
from helpdesk.domain.guards.rate_limit import (
    MemoryCounter,
    RateLimiter,
    RedisCounter,
    SqliteSidecarCounter,
)
from tests.conftest import bearer
from tests.factories import marketplace_token, uvdesk_token

pytestmark = pytest.mark.anyio

LIMIT = 3
REDIS_URL = "redis://127.0.0.1:6379/15"
QUEUES = "/public/v1/helpdesk/queues"


@pytest.fixture
async def limited_app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings.model_copy(update={"rate_limit_per_minute": LIMIT}))
    yield application
    await application.state.runtime.dispose()


@pytest.fixture
async def limited(limited_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=limited_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


async def _spend(client: httpx.AsyncClient, path: str, headers: dict[str, str]) -> None:
    for _ in range(LIMIT):
        assert (await client.get(path, headers=headers)).status_code != 429


async def test_responses_carry_the_rate_limit_fields(
    limited: httpx.AsyncClient, limited_app: FastAPI
) -> None:
    token = await marketplace_token(limited_app)
    response = await limited.get(QUEUES, headers=bearer(token))
    assert response.status_code == 200
    assert response.headers["RateLimit-Limit"] == str(LIMIT)
    assert response.headers["RateLimit-Remaining"] == str(LIMIT - 1)
    assert 1 <= int(response.headers["RateLimit-Reset"]) <= 60
    assert response.headers["RateLimit-Policy"] == f"{LIMIT};w=60"


async def test_a_token_over_its_limit_gets_a_marketplace_problem_429(
    limited: httpx.AsyncClient, limited_app: FastAPI
) -> None:
    headers = bearer(await marketplace_token(limited_app))
    await _spend(limited, QUEUES, headers)
    refused = await limited.get(QUEUES, headers=headers)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["status"] == 429
    assert refused.json()["traceId"] == refused.headers["X-Trace-Id"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert refused.headers["RateLimit-Remaining"] == "0"


async def test_a_token_over_its_limit_gets_a_uvdesk_error_429(
    limited: httpx.AsyncClient, limited_app: FastAPI
) -> None:
    headers = bearer(await uvdesk_token(limited_app))
    await _spend(limited, "/en/api/me.json", headers)
    refused = await limited.get("/en/api/me.json", headers=headers)
    assert refused.status_code == 429
    assert refused.json()["error"] == "too_many_requests"
    assert "Retry-After" in refused.headers


async def test_each_token_has_its_own_limit(
    limited: httpx.AsyncClient, limited_app: FastAPI
) -> None:
    spent = bearer(await marketplace_token(limited_app, email="a@one.test"))
    fresh = bearer(await marketplace_token(limited_app, email="b@one.test"))
    await _spend(limited, QUEUES, spent)
    assert (await limited.get(QUEUES, headers=spent)).status_code == 429
    assert (await limited.get(QUEUES, headers=fresh)).status_code == 200


async def test_a_token_in_the_query_string_counts_like_one_in_the_header(
    limited: httpx.AsyncClient, limited_app: FastAPI
) -> None:
    token = await uvdesk_token(limited_app)
    await _spend(limited, "/api/me.json", bearer(token))
    refused = await limited.get("/api/me.json", params={"access_token": token})
    assert refused.status_code == 429


async def test_requests_without_a_token_are_limited_per_client_address(
    limited: httpx.AsyncClient,
) -> None:
    await _spend(limited, QUEUES, {})
    refused = await limited.get(QUEUES)
    assert refused.status_code == 429
    assert refused.headers["content-type"] == "application/problem+json"


async def test_invented_tokens_do_not_buy_an_address_a_fresh_limit(
    limited: httpx.AsyncClient,
) -> None:
    for index in range(LIMIT):
        response = await limited.get(QUEUES, headers=bearer(f"hdk_invented{index}"))
        assert response.status_code == 401
    refused = await limited.get(QUEUES, headers=bearer("hdk_invented-again"))
    assert refused.status_code == 429


async def test_a_working_token_still_works_when_its_address_spent_its_limit(
    limited: httpx.AsyncClient, limited_app: FastAPI
) -> None:
    headers = bearer(await marketplace_token(limited_app))
    assert (await limited.get(QUEUES, headers=headers)).status_code == 200
    await _spend(limited, QUEUES, {})
    assert (await limited.get(QUEUES, headers=headers)).status_code == 200


async def test_health_checks_are_not_limited(limited: httpx.AsyncClient) -> None:
    for _ in range(LIMIT + 2):
        assert (await limited.get("/healthz")).status_code == 200


async def test_workers_of_one_database_share_the_count(
    limited_app: FastAPI, settings: Settings
) -> None:
    other = create_app(settings.model_copy(update={"rate_limit_per_minute": LIMIT}))
    headers = bearer(await marketplace_token(limited_app))
    try:
        statuses = []
        for index in range(LIMIT + 1):
            worker = (limited_app, other)[index % 2]
            transport = httpx.ASGITransport(app=worker)
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                statuses.append((await http.get(QUEUES, headers=headers)).status_code)
    finally:
        await other.state.runtime.dispose()
    assert statuses == [200] * LIMIT + [429]


async def test_the_limit_can_be_turned_off(settings: Settings) -> None:
    application = create_app(settings.model_copy(update={"rate_limit_per_minute": 0}))
    try:
        transport = httpx.ASGITransport(app=application)
        async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
            response = await http.get(QUEUES)
    finally:
        await application.state.runtime.dispose()
    assert "RateLimit-Limit" not in response.headers


async def test_a_new_window_starts_a_new_count() -> None:
    now = [120.0]
    limiter = RateLimiter(MemoryCounter(), limit=1, clock=lambda: now[0])
    assert (await limiter.hit("k")).allowed
    assert not (await limiter.hit("k")).allowed
    now[0] = 180.0
    assert (await limiter.hit("k")).allowed


class CountingCounter(MemoryCounter):
    def __init__(self) -> None:
        super().__init__()
        self.calls = 0

    async def add(self, key: str, window: int, window_seconds: int, amount: int) -> int:
        self.calls += 1
        return await super().add(key, window, window_seconds, amount)


async def test_a_busy_caller_is_counted_in_leases_not_one_upsert_per_request() -> None:
    counter = CountingCounter()
    limiter = RateLimiter(counter, limit=700, clock=lambda: 0.0)
    verdicts = [await limiter.hit("k") for _ in range(800)]
    assert sum(verdict.allowed for verdict in verdicts) == 700
    assert counter.calls < 700 / 10


async def test_leases_of_several_workers_never_let_more_than_the_limit_through() -> None:
    shared = MemoryCounter()
    workers = [RateLimiter(shared, limit=100, clock=lambda: 0.0) for _ in range(3)]
    allowed = 0
    for index in range(300):
        allowed += (await workers[index % 3].hit("k")).allowed
    assert 100 - 3 * (workers[0].max_lease - 1) <= allowed <= 100


async def test_redis_counts_when_configured() -> None:
    counter = RedisCounter(REDIS_URL)
    try:
        await counter.redis.ping()
    except Exception:  # any failure to reach Redis means there is none here
        await counter.close()
        pytest.skip("no Redis answers on 127.0.0.1:6379")
    key = f"test-{id(counter)}"
    try:
        limiter = RateLimiter(counter, limit=2)
        verdicts = [await limiter.hit(key) for _ in range(3)]
    finally:
        await counter.redis.delete(f"helpdesk:rate:{key}:{limiter._window()[0]}")
        await counter.close()
    assert [verdict.allowed for verdict in verdicts] == [True, True, False]


async def test_counting_a_read_never_waits_for_the_sqlite_write_lock(
    limited: httpx.AsyncClient, limited_app: FastAPI, settings: Settings
) -> None:
    """A writer may hold SQLite's write lock for as long as it streams an upload; reads
    (and their counting) go on beside it."""
    if not settings.is_sqlite:
        pytest.skip("SQLite only")
    headers = bearer(await marketplace_token(limited_app))
    path = settings.database_url.removeprefix("sqlite+aiosqlite:///")
    holder = sqlite3.connect(path, isolation_level=None, timeout=0)
    holder.execute("BEGIN IMMEDIATE")
    try:
        response = await asyncio.wait_for(limited.get(QUEUES, headers=headers), timeout=3)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert response.status_code == 200
    assert response.headers["RateLimit-Remaining"] == str(LIMIT - 1)


async def test_workers_starting_together_share_a_new_sqlite_counter_file(tmp_path: Path) -> None:
    """Each worker may be the one to make the counters' file; none may fail at it (switching
    a new file to WAL was answered "database is locked" to the loser, as a 500)."""
    for attempt in range(20):
        path = tmp_path / f"attempt-{attempt}-ratelimit"
        workers = [SqliteSidecarCounter(path) for _ in range(4)]
        try:
            counts = await asyncio.gather(
                *(worker.add("caller", 1, 60, 1) for worker in workers for _ in range(3))
            )
        finally:
            for worker in workers:
                await worker.close()
        assert sorted(counts) == list(range(1, 13))


async def test_workers_share_the_count_in_redis_when_configured(settings: Settings) -> None:
    probe = RedisCounter(REDIS_URL)
    try:
        await probe.redis.ping()
    except Exception:  # any failure to reach Redis means there is none here
        pytest.skip("no Redis answers on 127.0.0.1:6379")
    finally:
        await probe.close()
    configured = settings.model_copy(
        update={"rate_limit_per_minute": LIMIT, "redis_url": SecretStr(REDIS_URL)}
    )
    workers = [create_app(configured), create_app(configured)]
    headers = bearer(await marketplace_token(workers[0]))
    try:
        statuses = []
        for index in range(LIMIT + 1):
            transport = httpx.ASGITransport(app=workers[index % 2])
            async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
                statuses.append((await http.get(QUEUES, headers=headers)).status_code)
    finally:
        for worker in workers:
            await worker.state.runtime.dispose()
    assert statuses == [200] * LIMIT + [429]
