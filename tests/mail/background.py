"""Running an asyncio server on its own event loop in a thread, as a separate process
would: its own runtime (engine, pool) beside the one the test's app uses."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager


@contextmanager
def background_loop() -> Iterator[Callable[[Awaitable[object]], object]]:
    """Yields ``run(coroutine)``: runs it on the background loop and waits for its result."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()

    def run(coroutine: Awaitable[object]) -> object:
        async def wrapped() -> object:
            return await coroutine

        return asyncio.run_coroutine_threadsafe(wrapped(), loop).result(timeout=60)

    try:
        yield run
    finally:
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=10)
        loop.close()
