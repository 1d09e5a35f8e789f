"""How a CLI command runs its work: in a unit of work, like a request or a job."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from helpdesk.core.database import Session
from helpdesk.core.settings import get_settings
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.shared.unit_of_work import Runtime


def with_runtime[T](work: Callable[[Runtime], Awaitable[T]], *, pool_size: int = 1) -> T:
    """Run ``work`` with a runtime built from the settings, disposed of afterwards."""

    async def run() -> T:
        runtime = build_runtime(get_settings(), pool_size=pool_size)
        try:
            return await work(runtime)
        finally:
            await runtime.dispose()

    return asyncio.run(run())


def in_unit_of_work[T](work: Callable[[Session], Awaitable[T]]) -> T:
    """Run ``work`` in one unit of work: committed when it returns (then its effects run),
    rolled back when it raises."""

    async def run(runtime: Runtime) -> T:
        async with runtime.unit_of_work() as unit:
            return await work(unit.session)

    return with_runtime(run)
