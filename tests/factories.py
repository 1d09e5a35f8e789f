"""Test data built through the core services, the same way the CLI and API build it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.models import AccountType, SupportRole


async def in_transaction[T](app: FastAPI, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
    async with app.state.runtime.unit_of_work() as unit:
        return await work(unit.session)


async def marketplace_token(
    app: FastAPI,
    account_type: AccountType = AccountType.CLIENT,
    account_name: str = "Client One",
    email: str = "client@one.test",
    *,
    expires_at: datetime | None = None,
) -> str:
    async def work(session: AsyncSession) -> str:
        account = await identity.ensure_account(session, account_type, account_name)
        user = await identity.ensure_user(session, email, account=account)
        issued = await identity.issue_token(session, user, account=account, expires_at=expires_at)
        return issued.secret

    return await in_transaction(app, work)


async def uvdesk_token(
    app: FastAPI, role: SupportRole = SupportRole.ADMIN, email: str = "admin@desk.test"
) -> str:
    async def work(session: AsyncSession) -> str:
        user = await identity.ensure_user(session, email)
        instance = await identity.ensure_user_instance(session, user, role)
        return (await identity.issue_token(session, user, instance=instance)).secret

    return await in_transaction(app, work)
