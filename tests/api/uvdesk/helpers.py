"""UVdesk test callers: admins, agents with chosen privileges and ticket views, customers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.models import AgentPrivilege, SupportRole
from tests.conftest import bearer
from tests.factories import in_transaction


async def support_token(
    app: FastAPI,
    role: SupportRole,
    email: str,
    *,
    privileges: Sequence[str] = (),
    ticket_view: int | None = None,
    name: str = "",
) -> str:
    async def work(session: AsyncSession) -> str:
        user = await identity.ensure_user(session, email)
        if name:
            user.first_name, _, user.last_name = name.partition(" ")
        instance = await identity.ensure_user_instance(session, user, role)
        instance.ticket_view = ticket_view
        if privileges:
            granted = AgentPrivilege(
                name=f"{email} set", description="", privileges=list(privileges)
            )
            session.add(granted)
            await session.flush()
            await session.refresh(instance, ["privileges"])
            instance.privileges.append(granted)
        await session.flush()
        return (await identity.issue_token(session, user, instance=instance)).secret

    return await in_transaction(app, work)


async def admin_token(app: FastAPI) -> str:
    return await support_token(app, SupportRole.ADMIN, "admin@desk.example", name="Ada Admin")


async def uv(
    client: httpx.AsyncClient, method: str, path: str, token: str, **kwargs: Any
) -> httpx.Response:
    return await client.request(method, path, headers=bearer(token), **kwargs)


def assert_uv_error(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    body: dict[str, Any] = response.json()
    assert set(body) >= {"error", "message"}
    return body
