"""Values read from the database by nearly every request and changed by almost none.

A worker process keeps each value for at most ``fresh_for`` seconds (the setting
``process_memo_seconds``, 1 by default). A unit of work in this process that changes one of
the tables a value was read from drops the value when it commits, so this process never
serves it stale; another worker process's change shows within ``fresh_for``. Only
read-mostly reference data belongs here (the ticket statuses, priorities, types, groups and
teams UVdesk lists beside every ticket, the company timezone, the automatic workflows),
never anything that decides access. Units of work reach it through
``UnitOfWork.shared``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class _Entry:
    value: object
    tables: frozenset[str]
    read_at: float


class ProcessMemo:
    def __init__(self, fresh_for: float = 1.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.fresh_for = fresh_for
        self._clock = clock
        self._entries: dict[str, _Entry] = {}
        self.generation = 0
        """Bumped on every local change: a value read across a change is not kept."""

    def get(self, name: str) -> object | None:
        entry = self._entries.get(name)
        if entry is None or self._clock() - entry.read_at > self.fresh_for:
            return None
        return entry.value

    def put(self, name: str, value: object, *, tables: Collection[str], since: int) -> None:
        """Keep ``value``, read from ``tables``, unless a local change committed after the
        reading started (``since`` is the generation seen before reading)."""
        if since == self.generation:
            self._entries[name] = _Entry(value, frozenset(tables), self._clock())

    def changed(self, tables: Collection[str]) -> None:
        """A unit of work of this process committed changes to ``tables``."""
        touched = set(tables)
        if not touched:
            return
        self.generation += 1
        for name, entry in list(self._entries.items()):
            if entry.tables & touched:
                del self._entries[name]
