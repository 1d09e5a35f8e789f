"""Identifiers of seeded rows: the next free ids, and public ids in the app's format
(a prefix and random digits in groups of four, ``CAS-1234-5678``), unique, drawn from the
seeded generator so that a seed gives the same ids every time."""

from __future__ import annotations

import random

from seeding.writers import Writer


async def next_id(writer: Writer, table: str) -> int:
    found = await writer.rows(f"SELECT max(id) FROM {table}")  # noqa: S608
    return int(found[0][0] or 0) + 1


async def public_ids(
    writer: Writer, rng: random.Random, table: str, *, prefix: str, groups: int, count: int
) -> list[str]:
    """``count`` public ids none of ``table``'s rows has yet (the fixtures' come from the
    app's own random allocator)."""
    taken = {row[0] for row in await writer.rows(f"SELECT public_id FROM {table}")}  # noqa: S608
    digits = 4 * groups
    chosen: list[str] = []
    for number in rng.sample(range(10**digits), count + len(taken)):
        text = f"{number:0{digits}d}"
        candidate = prefix + "".join(f"-{text[i : i + 4]}" for i in range(0, digits, 4))
        if candidate not in taken:
            chosen.append(candidate)
    return chosen[:count]
