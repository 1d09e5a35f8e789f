"""Workflows as a test builds them and reads their effects, through the UVdesk API."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.outbox.models import OutboundMail
from helpdesk.domain.workflows.models import Workflow
from tests.api.uvdesk.helpers import uv
from tests.factories import in_transaction

HIGH, URGENT = 3, 4


def automatic(
    name: str,
    triggers: list[str],
    actions: list[tuple[str, Any]],
    conditions: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
) -> dict[str, Any]:
    return {
        "type": "1",
        "name": name,
        "events": [{"event": "ticket", "trigger": trigger} for trigger in triggers],
        "conditions": [{"type": t, "match": m, "value": v} for t, m, v in conditions],
        "actions": [{"type": kind, "value": str(value)} for kind, value in actions],
    }


async def add_workflow(client: httpx.AsyncClient, token: str, body: dict[str, Any]) -> int:
    response = await uv(client, "POST", "/api/workflows.json", token, json=body)
    assert response.status_code == 200, response.text
    workflow_id: int = response.json()["id"]
    return workflow_id


async def add_group(client: httpx.AsyncClient, token: str, name: str = "Billing") -> int:
    response = await uv(client, "POST", "/api/groups.json", token, json={"name": name})
    assert response.status_code == 200, response.text
    group_id: int = response.json()["id"]
    return group_id


async def ticket_view(client: httpx.AsyncClient, token: str, increment_id: int) -> dict[str, Any]:
    response = await uv(client, "GET", f"/api/ticket/{increment_id}.json", token)
    assert response.status_code == 200, response.text
    ticket: dict[str, Any] = response.json()["ticket"]
    return ticket


def tag_names(ticket: dict[str, Any]) -> list[str]:
    return sorted(tag["name"] for tag in ticket["tags"])


async def runs(client: httpx.AsyncClient, token: str, ticket_id: int) -> list[dict[str, Any]]:
    response = await uv(client, "GET", f"/api/ticket/{ticket_id}/workflow-runs.json", token)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["workflowRuns"]
    return found


async def outbox(app: FastAPI) -> list[OutboundMail]:
    async def work(session: AsyncSession) -> list[OutboundMail]:
        return list(await session.scalars(select(OutboundMail).order_by(OutboundMail.id)))

    return await in_transaction(app, work)


async def default_workflows(app: FastAPI) -> dict[str, int]:
    """The seeded notification workflows by name."""

    async def work(session: AsyncSession) -> dict[str, int]:
        rows = await session.execute(select(Workflow.name, Workflow.id))
        return {str(row[0]): int(row[1]) for row in rows}

    return await in_transaction(app, work)
