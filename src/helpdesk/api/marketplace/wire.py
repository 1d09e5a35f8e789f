"""Value formats shared by every Marketplace representation."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field


def timestamp(moment: datetime) -> str:
    """ISO-8601 UTC with milliseconds: ``2026-01-31T23:00:00.000Z``."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def audit(stored: dict[str, Any]) -> dict[str, Any]:
    """The stored audit trail with every ``at`` in the wire's timestamp format."""
    return {
        event: {**entry, "at": timestamp(datetime.fromisoformat(entry["at"]))}
        for event, entry in stored.items()
    }


def reference(
    public_id: str | None, name: str | None = None, **extra: Any
) -> dict[str, Any] | None:
    """An object reference on output: ``{"id", "name", ...}``, or None when absent."""
    if public_id is None:
        return None
    return {"id": public_id, "name": name, **extra}


class ObjectRef(BaseModel):
    """An object reference on input: ``{"id": "..."}``; other keys are ignored."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(min_length=1, max_length=64)
