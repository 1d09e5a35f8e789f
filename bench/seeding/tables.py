"""Rows in the shape of the app's own tables.

A row is given as a mapping of every column of the model's table to the value as stored;
a column the model has and the row lacks stops the seeder (a model that grew a column
must be taught here what to write), and so does a name the model does not have.
"""

from __future__ import annotations

from collections.abc import Mapping
from operator import itemgetter
from typing import Any

from helpdesk.domain.models import Base

BULK_TABLES = (
    "tickets",
    "threads",
    "ticket_labels",
    "ticket_tags",
    "chats",
    "chat_participants",
    "chat_messages",
    "cases",
)
"""The big tables: their secondary indexes are built after the load."""
PEOPLE_TABLES = ("users", "contacts", "user_instances")
ID_TABLES = (
    *PEOPLE_TABLES,
    "tickets",
    "threads",
    "chats",
    "chat_participants",
    "chat_messages",
    "cases",
)
"""Tables given explicit ids: PostgreSQL's sequences are moved past them afterwards."""


class Rows:
    """The rows for one table, as tuples in the table's column order."""

    def __init__(self, table_name: str) -> None:
        self.table = table_name
        self.columns: tuple[str, ...] = tuple(Base.metadata.tables[table_name].columns.keys())
        self._ordered = itemgetter(*self.columns)
        self.rows: list[tuple[Any, ...]] = []

    def add(self, values: Mapping[str, Any]) -> None:
        if len(values) != len(self.columns):
            unknown = sorted(set(values) - set(self.columns))
            missing = sorted(set(self.columns) - set(values))
            raise SystemExit(
                f"Seeded {self.table} rows do not match the model: unknown {unknown}, "
                f"missing {missing}. Teach bench/seeding what to write."
            )
        try:
            self.rows.append(self._ordered(values))
        except KeyError as missing:
            raise SystemExit(
                f"Seeded {self.table} rows lack the model's column {missing}. "
                "Teach bench/seeding what to write."
            ) from None

    def __len__(self) -> int:
        return len(self.rows)
