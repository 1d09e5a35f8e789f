"""Raising tickets for UVdesk tests, the way clients do."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.uvdesk.helpers import uv

SEED_TICKET = {
    "name": "customer name",
    "type": "807",
    "from": "test@example.com",
    "reply": "This is a demo reply.",
    "subject": "subject of ticket",
}


async def raise_ticket(client: httpx.AsyncClient, token: str, **overrides: Any) -> dict[str, Any]:
    response = await uv(
        client, "POST", "/api/tickets.json", token, json={**SEED_TICKET, **overrides}
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
