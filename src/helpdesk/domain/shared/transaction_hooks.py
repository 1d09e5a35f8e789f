"""Side effects tied to the outcome of the current transaction.

Services register callbacks on the session: ``on_commit`` for what must only
happen once data is durable (mail, jobs, webhooks), ``on_rollback`` to undo
work outside the database (files already written). The entry point that owns
the transaction runs one list and drops the other.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.ext.asyncio import AsyncSession

Hook = Callable[[], Awaitable[None]]

_COMMIT = "helpdesk.on_commit"
_ROLLBACK = "helpdesk.on_rollback"
log = logging.getLogger(__name__)


def on_commit(session: AsyncSession, hook: Hook) -> None:
    session.info.setdefault(_COMMIT, []).append(hook)


def on_rollback(session: AsyncSession, hook: Hook) -> None:
    session.info.setdefault(_ROLLBACK, []).append(hook)


async def run_commit_hooks(session: AsyncSession) -> None:
    session.info.pop(_ROLLBACK, None)
    await _run(session.info.pop(_COMMIT, []))


async def run_rollback_hooks(session: AsyncSession) -> None:
    session.info.pop(_COMMIT, None)
    await _run(session.info.pop(_ROLLBACK, []))


async def _run(hooks: list[Hook]) -> None:
    for hook in hooks:
        try:
            await hook()
        except Exception:
            # The transaction's outcome is settled; a failed side effect must not change it.
            log.exception("transaction hook failed")
