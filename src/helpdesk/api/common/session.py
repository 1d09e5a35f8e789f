"""The request's unit of work: commit before a successful answer, roll back otherwise."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import Depends, Request

from helpdesk.core.database import Session
from helpdesk.domain.shared.unit_of_work import Runtime

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def app_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


async def db_session(request: Request) -> AsyncIterator[Session]:
    may_write = request.method not in READ_METHODS
    async with app_runtime(request).unit_of_work(may_write=may_write) as work:
        yield work.session


# scope="function" closes the transaction before the response is sent, so a client
# never sees a success whose commit then failed.
DbSession = Annotated[Session, Depends(db_session, scope="function")]
