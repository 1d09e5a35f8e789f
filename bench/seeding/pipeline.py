"""Chunks made in helper processes while this one writes the previous ones.

Making rows in Python costs about as much as the database's work of storing them (SQLite
in this process, or the PostgreSQL server), so two helpers make chunks while this process
writes; they stay a few chunks ahead at most. Helpers are spawned (they share nothing
with this process, the open database least of all) and started early, so that their
imports overlap the work before the first chunk. Small runs make their chunks here (a
helper costs its start-up).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from types import TracebackType
from typing import Any, Protocol, Self

HELPERS = 2


class Maker[T](Protocol):
    def chunk(self, *job: Any) -> T: ...


def _make(maker: Any, job: tuple[Any, ...]) -> Any:
    return maker.chunk(*job)


def _ready() -> None:
    """Nothing: the first jobs, which start the helpers."""


class Helper:
    """Makes chunks in helper processes (``enabled``), or here."""

    def __init__(self, *, enabled: bool, helpers: int = HELPERS) -> None:
        self.pool: ProcessPoolExecutor | None = None
        self.ahead = helpers + 1
        if enabled:
            context = multiprocessing.get_context("spawn")
            self.pool = ProcessPoolExecutor(helpers, mp_context=context)
            for _ in range(helpers):
                self.pool.submit(_ready)

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def chunks[T](self, maker: Maker[T], jobs: Sequence[tuple[Any, ...]]) -> Iterator[T]:
        """``maker.chunk(*job)`` for each job, in order."""
        if self.pool is None:
            for job in jobs:
                yield maker.chunk(*job)
            return
        ahead: deque[Future[T]] = deque()
        for job in jobs:
            ahead.append(self.pool.submit(_make, maker, job))
            if len(ahead) > self.ahead:
                yield ahead.popleft().result()
        while ahead:
            yield ahead.popleft().result()
