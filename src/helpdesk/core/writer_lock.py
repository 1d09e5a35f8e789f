"""The processes writing to one SQLite file take its write lock in turn, promptly.

SQLite's own wait for its write lock (the busy timeout) sleeps and retries, at intervals
that grow to 100 ms: a process that holds the lock most of the time, committing group
after group, leaves the other only the short gaps between its groups, which those retries
rarely hit. The other process's writers then wait for seconds, past the busy timeout.

So before ``BEGIN IMMEDIATE`` a commit group takes an exclusive ``flock`` on a file beside
the database, and lets go after its COMMIT. A process that finds it held blocks in
``flock`` in a thread of its own, and the kernel wakes it the moment the holder lets go: the
processes' groups alternate under load. The kernel drops the lock of a process that dies.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(eq=False, slots=True)
class _Claim:
    """One wait for the lock in the thread; the thread and the waiter agree under ``mutex``
    on whether it ended with the lock held or given up."""

    mutex: threading.Lock = field(default_factory=threading.Lock)
    held: bool = False
    abandoned: bool = False


class WriterLock:
    """An exclusive lock on ``path`` shared by every process (and runtime) using it."""

    def __init__(self, path: Path, *, timeout_seconds: float) -> None:
        self._path = path
        self._timeout = timeout_seconds
        self._fd: int | None = None
        self._thread: ThreadPoolExecutor | None = None
        self._pending: asyncio.Future[None] | None = None
        """A wait given up on that the thread has not finished yet."""

    async def acquire(self) -> None:
        """Take the lock; raise ``TimeoutError`` if another process holds it past the
        timeout. One caller at a time (the commit group's opener)."""
        fd = self._descriptor()
        if self._pending is None or self._pending.done():
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                pass
            else:
                return
        if self._thread is None:
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="helpdesk-writer-lock")
        claim = _Claim()
        waiting = asyncio.wrap_future(self._thread.submit(_wait, fd, claim))
        try:
            await asyncio.wait_for(asyncio.shield(waiting), self._timeout)
        except BaseException as gave_up:
            with claim.mutex:
                claim.abandoned = True
                if claim.held:  # taken just now: give it back before anyone else asks
                    fcntl.flock(fd, fcntl.LOCK_UN)
            if not waiting.done():
                self._pending = waiting
            if isinstance(gave_up, TimeoutError):
                raise TimeoutError(
                    f"another process held the database's write lock for {self._timeout:g} s"
                ) from None
            raise

    def release(self) -> None:
        if self._fd is not None:
            fcntl.flock(self._fd, fcntl.LOCK_UN)

    def close(self) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=False, cancel_futures=True)
            self._thread = None
        if self._fd is not None:
            os.close(self._fd)  # drops the lock, should it be held
            self._fd = None

    def _descriptor(self) -> int:
        if self._fd is None:
            # Opened by this process (not inherited: Python's descriptors close on exec, and
            # each worker builds its own runtime), so each runtime's lock is its own.
            self._fd = os.open(self._path, os.O_RDWR | os.O_CREAT, 0o644)
        return self._fd


def _wait(fd: int, claim: _Claim) -> None:
    fcntl.flock(fd, fcntl.LOCK_EX)
    with claim.mutex:
        if claim.abandoned:
            fcntl.flock(fd, fcntl.LOCK_UN)
        else:
            claim.held = True
