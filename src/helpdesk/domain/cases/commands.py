"""What callers ask of cases, already parsed from the wire."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class NewCase:
    queue: str
    opening_message: str
    account: str | None = None
    reporter: str | None = None
    parameters: list[dict[str, Any]] | None = None


@dataclass(frozen=True, slots=True)
class CaseChanges:
    """Only the fields a caller sent; absent ones stay as they are."""

    awaiting: bool | None = None
    queue: str | None = None
    assignee: str | None = None
    unassign: bool = False
    parameters: list[dict[str, Any]] | None = None
    sent: frozenset[str] = field(default_factory=frozenset)
