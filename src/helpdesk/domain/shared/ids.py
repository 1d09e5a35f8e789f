"""Allocation of unused public identifiers for a model's ``public_id``-style column."""

from __future__ import annotations

from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from helpdesk.core.ids import random_public_id

_MAX_ATTEMPTS = 20


async def allocate_public_id(
    session: AsyncSession, column: InstrumentedAttribute[Any], prefix: str, groups: int
) -> str:
    """A random id not yet used in ``column``; the unique index still guards the race."""
    for _ in range(_MAX_ATTEMPTS):
        candidate = random_public_id(prefix, groups)
        taken = await session.scalar(select(exists().where(column == candidate)))
        if not taken:
            return candidate
    raise RuntimeError(f"could not allocate a free {prefix} id")
