"""Reading what intake made, through the UVdesk API as an admin sees it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI

from tests.api.uvdesk.helpers import admin_token, uv
from tests.conftest import bearer


@dataclass(frozen=True, slots=True)
class Desk:
    client: httpx.AsyncClient
    token: str

    @classmethod
    async def open(cls, app: FastAPI, client: httpx.AsyncClient) -> Desk:
        return cls(client, await admin_token(app))

    async def tickets(self) -> list[dict[str, Any]]:
        """Every ticket, oldest first."""
        answer = await self.get("/api/tickets.json", params={"sort": "t.id"})
        tickets: list[dict[str, Any]] = answer["tickets"]
        return tickets

    async def ticket(self, increment_id: int) -> dict[str, Any]:
        answer = await self.get(f"/api/ticket/{increment_id}.json")
        ticket: dict[str, Any] = answer["ticket"]
        return ticket

    async def threads(self, ticket_id: int) -> list[dict[str, Any]]:
        """The ticket's threads, oldest first."""
        answer = await self.get(f"/api/ticket/{ticket_id}/threads.json")
        threads: list[dict[str, Any]] = answer["threads"]
        return sorted(threads, key=lambda thread: thread["id"])

    async def post_message(self, mailbox: int, raw: bytes) -> dict[str, Any]:
        """Post a raw message to a mailbox's inbound route; what became of it."""
        response = await self.client.post(
            f"/api/mailbox/{mailbox}/inbound.json",
            content=raw,
            headers={**bearer(self.token), "Content-Type": "message/rfc822"},
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def get(self, path: str, **kwargs: Any) -> dict[str, Any]:
        response = await uv(self.client, "GET", path, self.token, **kwargs)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body
