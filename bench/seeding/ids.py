"""Identifiers of seeded rows: the next free ids, and public ids in the app's format
(a prefix and random digits in groups of four, ``CAS-1234-5678``), unique, drawn from the
seeded generator so that a seed gives the same ids every time."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from seeding.fixtures import Person
from seeding.tables import js
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


def trail(*entries: tuple[str, Person, datetime]) -> str:
    """An audit trail as record_created/record_change store it, from its entries
    (event, by whom, when): each event's latest occurrence."""
    return js(
        {
            event: {"at": moment.isoformat(), "by": {"id": by.public_id, "name": by.name}}
            for event, by, moment in entries
        }
    )


def created_by(person: Person, moment: datetime) -> str:
    """The trail of a row nobody changed since ``person`` created it."""
    return trail(("created", person, moment), ("updated", person, moment))


def weighted[K](weights: dict[K, int]) -> tuple[list[K], list[int]]:
    """Keys and cumulative weights, for ``random.choices``."""
    keys, cumulative, running = list(weights), [], 0
    for key in keys:
        running += weights[key]
        cumulative.append(running)
    return keys, cumulative


def ms(count: float) -> timedelta:
    return timedelta(milliseconds=count)


def choose[K](rng: random.Random, table: tuple[list[K], list[int]]) -> K:
    return rng.choices(table[0], cum_weights=table[1])[0]
