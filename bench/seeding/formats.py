"""Values as each database stores them, computed fast: timestamps, booleans, JSON.

Rows are generated with naive datetimes that mean UTC (formatting an aware one costs five
times more). ``check_formats`` holds each shortcut to what SQLAlchemy itself writes.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any, Protocol

from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite as sqlite_dialect

NULL_JSON = json.dumps(None)
"""What SQLAlchemy's JSON type stores for ``None`` given explicitly (``cc`` of threads)."""


class Codec(Protocol):
    name: str

    def ts(self, moment: datetime) -> Any:
        """A timestamp (naive, UTC) as the driver takes it."""

    def flag(self, value: bool) -> Any:
        """A boolean as the driver takes it."""


class SqliteCodec:
    name = "sqlite"

    @staticmethod
    def ts(moment: datetime) -> str:
        """``YYYY-MM-DD HH:MM:SS.ffffff``, as SQLAlchemy's SQLite DateTime stores it."""
        return moment.isoformat(" ", "microseconds")

    @staticmethod
    def flag(value: bool) -> int:
        return int(value)


class PostgresCodec:
    name = "postgresql"

    @staticmethod
    def ts(moment: datetime) -> datetime:
        # asyncpg reads a naive datetime as local time: say it is UTC.
        return moment.replace(tzinfo=UTC)

    @staticmethod
    def flag(value: bool) -> bool:
        return value


CODECS: dict[str, Codec] = {"sqlite": SqliteCodec(), "postgresql": PostgresCodec()}


def by_json(public_id: str, name: str) -> str:
    """Who did something, as audit trails name them."""
    return json.dumps({"id": public_id, "name": name})


def trail(*entries: tuple[str, str, datetime]) -> str:
    """An audit trail as record_created/record_change store it, from its entries
    (event, who as ``by_json``, when): each event's latest occurrence. ``at`` is what
    ``isoformat`` gives for the aware UTC moment."""
    return (
        "{"
        + ", ".join(
            f'"{event}": {{"at": "{moment.isoformat()}+00:00", "by": {by}}}'
            for event, by, moment in entries
        )
        + "}"
    )


def created_by(by: str, moment: datetime) -> str:
    """The trail of a row nobody changed since ``by`` created it."""
    return trail(("created", by, moment), ("updated", by, moment))


def check_formats() -> None:
    """The shortcuts write what SQLAlchemy and the services write."""
    dialect = sqlite_dialect.dialect()
    processor = DateTime(timezone=True).dialect_impl(dialect).bind_processor(dialect)
    for moment in (datetime(2026, 1, 2, 3, 4, 5), datetime(2025, 12, 31, 23, 59, 59, 999_999)):  # noqa: DTZ001  (naive UTC, as generated)
        aware = moment.replace(tzinfo=UTC)
        if processor is None or SqliteCodec.ts(moment) != processor(aware):
            raise SystemExit(f"SQLite timestamps differ from SQLAlchemy's for {aware}")
        written = trail(("created", by_json("USR-1", 'A "B"'), moment))
        expected = json.dumps(
            {"created": {"at": aware.isoformat(), "by": {"id": "USR-1", "name": 'A "B"'}}}
        )
        if written != expected:
            raise SystemExit(f"Audit trails differ: {written} {expected}")
