"""The request owns the transaction: commit before a successful answer, roll back otherwise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Annotated

from fastapi import Depends, Request
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.api.common.services import app_services
from helpdesk.core.database import declare_unit_of_work
from helpdesk.domain.shared.transaction_hooks import run_commit_hooks, run_rollback_hooks

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


async def db_session(request: Request) -> AsyncIterator[AsyncSession]:
    services = app_services(request)
    may_write = request.method not in READ_METHODS
    declare_unit_of_work(may_write=may_write)
    async with AsyncExitStack() as stack:
        if may_write:
            await stack.enter_async_context(services.write_gate.passage())
        session = await stack.enter_async_context(services.session_factory())
        try:
            yield session
        except BaseException:
            await session.rollback()
            await run_rollback_hooks(session)
            raise
        await session.commit()
        await run_commit_hooks(session)


# scope="function" closes the transaction before the response is sent, so a client
# never sees a success whose commit then failed.
DbSession = Annotated[AsyncSession, Depends(db_session, scope="function")]
