"""A doorbell between the code that queues background work and its process's worker."""

from __future__ import annotations

import asyncio
import contextlib


class Wakeup:
    """Rung after a commit that queued a job, so the worker starts at once rather than on
    its next poll. Ringing is idempotent; a ring nobody waits for is kept for the next wait.
    Only this process hears it: other processes' workers find the job when they poll."""

    def __init__(self) -> None:
        self._rung = asyncio.Event()

    def ring(self) -> None:
        self._rung.set()

    async def wait(self, seconds: float) -> bool:
        """Wait until rung or ``seconds`` pass; True when rung."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._rung.wait()
        rung = self._rung.is_set()
        self._rung.clear()
        return rung
