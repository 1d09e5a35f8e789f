"""Reference data a worker keeps between requests (``HELPDESK_PROCESS_MEMO_SECONDS``).

A change made through the same worker shows at once; one made through another worker shows
once the memo's period has passed; a change that rolls back never shows."""

from __future__ import annotations

import anyio
import httpx
import pytest
from fastapi import FastAPI

from helpdesk.core.settings import Settings
from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.support.models import SupportGroup
from helpdesk.domain.support.reference import reference_lists
from tests.api.uvdesk.helpers import support_token
from tests.conftest import bearer

pytestmark = pytest.mark.anyio

PERIOD = 0.3


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"process_memo_seconds": PERIOD})


async def groups_beside_a_ticket(client: httpx.AsyncClient, token: str) -> list[str]:
    response = await client.get("/api/tickets.json", headers=bearer(token))
    assert response.status_code == 200, response.text
    return [group["name"] for group in response.json()["group"]]


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await support_token(app, SupportRole.ADMIN, "admin@desk.example", name="Ada Admin")


async def test_a_change_through_the_same_worker_shows_at_once(
    client: httpx.AsyncClient, admin: str
) -> None:
    assert "Billing" not in await groups_beside_a_ticket(client, admin)
    created = await client.post("/api/groups.json", json={"name": "Billing"}, headers=bearer(admin))
    assert created.status_code == 200, created.text

    assert "Billing" in await groups_beside_a_ticket(client, admin)


async def test_a_change_through_another_worker_shows_within_the_period(
    client: httpx.AsyncClient, admin: str, settings: Settings
) -> None:
    assert "Billing" not in await groups_beside_a_ticket(client, admin)
    other_worker = build_runtime(settings)
    try:
        async with other_worker.unit_of_work() as work:
            work.session.add(SupportGroup(name="Billing"))
    finally:
        await other_worker.dispose()

    await anyio.sleep(PERIOD * 2)

    assert "Billing" in await groups_beside_a_ticket(client, admin)


async def test_lists_read_inside_a_unit_that_rolls_back_are_not_kept(
    app: FastAPI, client: httpx.AsyncClient, admin: str
) -> None:
    class Abandoned(Exception):
        pass

    runtime = app.state.runtime
    with pytest.raises(Abandoned):
        async with runtime.unit_of_work() as work:
            work.session.add(SupportGroup(name="Phantom"))
            await work.session.flush()
            seen = await reference_lists(work.session)
            assert "Phantom" in [group.name for group in seen.groups]
            raise Abandoned

    assert "Phantom" not in await groups_beside_a_ticket(client, admin)
