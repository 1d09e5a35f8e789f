"""Public identifiers: a prefix and groups of four random digits (``CAS-1234-5678``)."""

from __future__ import annotations

import secrets


def random_public_id(prefix: str, groups: int) -> str:
    digits = "-".join(f"{secrets.randbelow(10_000):04d}" for _ in range(groups))
    return f"{prefix}-{digits}"


def looks_like_public_id(value: str, prefix: str, groups: int) -> bool:
    parts = value.split("-")
    return (
        len(parts) == groups + 1
        and parts[0] == prefix
        and all(len(part) == 4 and part.isdigit() for part in parts[1:])
    )
