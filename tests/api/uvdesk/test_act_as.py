"""``actAsType``/``actAsEmail``: admins perform calls as a customer or an agent."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET, raise_ticket

pytestmark = pytest.mark.anyio


async def test_an_admin_replies_as_the_customer(client: httpx.AsyncClient, app: FastAPI) -> None:
    admin = await admin_token(app)
    ticket = await raise_ticket(client, admin)
    response = await client.post(
        f"/api/ticket/{ticket['ticketId']}/threads.json",
        headers={"Authorization": f"Bearer {admin}"},
        data={
            "threadType": "reply",
            "reply": "from the customer",
            "actAsType": "customer",
            "actAsEmail": SEED_TICKET["from"],
        },
    )
    assert response.status_code == 200, response.text
    threads = (
        await uv(client, "GET", f"/api/ticket/{ticket['ticketId']}/threads.json", admin)
    ).json()
    last = threads["threads"][-1]
    assert (last["userType"], last["user"]["email"]) == ("customer", SEED_TICKET["from"])


async def test_acting_as_an_agent_applies_the_agents_scope(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    admin = await admin_token(app)
    await support_token(app, SupportRole.AGENT, "own@desk.example", ticket_view=4)
    await raise_ticket(client, admin)
    listed = (
        await uv(
            client, "GET", "/api/tickets.json?actAsType=agent&actAsEmail=own@desk.example", admin
        )
    ).json()
    assert listed["tickets"] == []


async def test_only_admins_act_as_others(client: httpx.AsyncClient, app: FastAPI) -> None:
    agent = await support_token(app, SupportRole.AGENT, "agent@desk.example")
    await support_token(app, SupportRole.CUSTOMER, "c@example.com")
    response = await uv(
        client, "GET", "/api/tickets.json?actAsType=customer&actAsEmail=c@example.com", agent
    )
    assert_uv_error(response, 403)


async def test_acting_as_an_unknown_user_is_a_validation_error(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    admin = await admin_token(app)
    response = await uv(
        client, "GET", "/api/tickets.json?actAsType=customer&actAsEmail=nobody@example.com", admin
    )
    assert "actAsEmail" in assert_uv_error(response, 400)["errors"]
