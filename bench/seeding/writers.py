"""One writer per database, with the same interface: values go in as each stores them.

SQLite: ``executemany`` on the standard library's driver, in one transaction per phase;
during the load only, no fsync (``synchronous=OFF``), the rollback journal in memory and
foreign keys checked once at the end (``foreign_key_check``); WAL is on again afterwards.

PostgreSQL: binary COPY through asyncpg, one transaction per phase, foreign keys enforced
as rows arrive; afterwards the sequences move past the ids given, and VACUUM ANALYZE
leaves the tables as autovacuum would have (statistics, visibility map).

Both drop the secondary indexes of the big tables before the load and recreate them from
their own definitions after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol

import asyncpg
from sqlalchemy import DateTime
from sqlalchemy.dialects import sqlite as sqlite_dialect
from sqlalchemy.engine import make_url

from seeding.progress import Progress
from seeding.tables import BULK_TABLES, PEOPLE_TABLES, Rows

SEARCH_TABLE = "ticket_search"
_SQLITE = sqlite_dialect.dialect()
_SQLITE_TIME = DateTime(timezone=True).dialect_impl(_SQLITE).bind_processor(_SQLITE)


def sqlite_time(moment: datetime) -> str:
    """A timestamp as SQLAlchemy stores it in SQLite (``YYYY-MM-DD HH:MM:SS.ffffff``)."""
    if _SQLITE_TIME is None:  # pragma: no cover  (SQLAlchemy always has one for SQLite)
        raise RuntimeError("no SQLite datetime processor")
    stored: str = _SQLITE_TIME(moment)
    return stored


class Writer(Protocol):
    deferred: list[str]

    def ts(self, moment: datetime) -> Any:
        """A timestamp as the driver takes it."""

    def flag(self, value: bool) -> Any:
        """A boolean as the driver takes it."""

    async def rows(self, sql: str) -> list[tuple[Any, ...]]: ...
    async def execute(self, sql: str) -> None: ...
    async def insert(self, rows: Rows) -> None: ...
    async def add_search_documents(self, documents: list[tuple[int, str, str]]) -> None: ...
    async def defer_indexes(self) -> None: ...
    async def restore_indexes(self, progress: Progress) -> None: ...
    async def check_foreign_keys(self) -> None: ...
    async def commit(self) -> None: ...
    async def close(self, id_tables: Sequence[str]) -> None: ...


class SqliteWriter:
    @staticmethod
    def ts(moment: datetime) -> str:
        return sqlite_time(moment)

    @staticmethod
    def flag(value: bool) -> int:
        return int(value)

    def __init__(self, path: str) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        for pragma in (
            "journal_mode=MEMORY",
            "synchronous=OFF",
            "foreign_keys=OFF",
            "cache_size=-262144",
            "temp_store=MEMORY",
        ):
            self.db.execute(f"PRAGMA {pragma}")
        self.deferred: list[str] = []
        self.db.execute("BEGIN")

    async def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return list(self.db.execute(sql).fetchall())

    async def execute(self, sql: str) -> None:
        self.db.execute(sql)

    async def insert(self, rows: Rows) -> None:
        marks = ", ".join("?" for _ in rows.columns)
        names = ", ".join(rows.columns)
        statement = f"INSERT INTO {rows.table} ({names}) VALUES ({marks})"  # noqa: S608
        self.db.executemany(statement, rows.rows)

    async def add_search_documents(self, documents: list[tuple[int, str, str]]) -> None:
        # As search.index_ticket writes them: the row ``id`` holds what customers read, the
        # row ``-id`` the whole text (the notes after a space).
        rows: list[tuple[int, str]] = []
        for ticket_id, public, notes in documents:
            rows.append((ticket_id, public))
            rows.append((-ticket_id, f"{public} {notes}"))
        self.db.executemany(f"INSERT INTO {SEARCH_TABLE} (rowid, body) VALUES (?, ?)", rows)  # noqa: S608

    async def defer_indexes(self) -> None:
        marks = ", ".join("?" for _ in BULK_TABLES)
        found = self.db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "  # noqa: S608
            f"AND tbl_name IN ({marks}) ORDER BY name",
            BULK_TABLES,
        ).fetchall()
        for name, definition in found:
            self.db.execute(f'DROP INDEX "{name}"')
            self.deferred.append(definition)

    async def restore_indexes(self, progress: Progress) -> None:
        for definition in self.deferred:
            self.db.execute(definition)
            progress.advance(1)
        self.deferred = []

    async def check_foreign_keys(self) -> None:
        for table in (*BULK_TABLES, *PEOPLE_TABLES):
            broken = self.db.execute(f"PRAGMA foreign_key_check({table})").fetchmany(5)
            if broken:
                raise SystemExit(f"Seeded rows break foreign keys of {table}: {broken}")

    async def commit(self) -> None:
        self.db.execute("COMMIT")
        self.db.execute("BEGIN")

    async def close(self, id_tables: Sequence[str]) -> None:
        del id_tables  # SQLite continues from the largest id by itself
        self.db.execute("COMMIT")
        self.db.execute("PRAGMA journal_mode=WAL")
        self.db.close()


class PostgresWriter:
    @staticmethod
    def ts(moment: datetime) -> datetime:
        return moment

    @staticmethod
    def flag(value: bool) -> bool:
        return value

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.db = connection
        self.deferred: list[str] = []
        self.transaction: Any = None

    @classmethod
    async def open(cls, dsn: str) -> PostgresWriter:
        writer = cls(await asyncpg.connect(dsn))
        await writer.db.execute("SET synchronous_commit = off")
        await writer.db.execute("SET maintenance_work_mem = '256MB'")
        await writer.db.execute(
            "CREATE TEMPORARY TABLE seed_search (ticket_id integer, public text, notes text)"
        )
        await writer.begin()
        return writer

    async def begin(self) -> None:
        self.transaction = self.db.transaction()
        await self.transaction.start()

    async def rows(self, sql: str) -> list[tuple[Any, ...]]:
        return [tuple(record) for record in await self.db.fetch(sql)]

    async def execute(self, sql: str) -> None:
        await self.db.execute(sql)

    async def insert(self, rows: Rows) -> None:
        await self.db.copy_records_to_table(rows.table, records=rows.rows, columns=rows.columns)

    async def add_search_documents(self, documents: list[tuple[int, str, str]]) -> None:
        # As search.index_ticket writes them: the notes weigh A, the rest the default D.
        await self.db.copy_records_to_table(
            "seed_search", records=documents, columns=("ticket_id", "public", "notes")
        )
        await self.db.execute(
            f"INSERT INTO {SEARCH_TABLE} (ticket_id, document) "  # noqa: S608
            "SELECT ticket_id, to_tsvector('simple', public) || "
            "setweight(to_tsvector('simple', notes), 'A') FROM seed_search"
        )
        await self.db.execute("TRUNCATE seed_search")

    async def defer_indexes(self) -> None:
        # Indexes that back a constraint (primary keys, unique constraints) stay.
        found = await self.db.fetch(
            "SELECT pg_index.indexrelid::regclass::text, pg_get_indexdef(pg_index.indexrelid) "
            "FROM pg_index JOIN pg_class table_class ON table_class.oid = pg_index.indrelid "
            "WHERE table_class.relname = ANY($1::text[]) "
            "AND table_class.relnamespace = current_schema()::text::regnamespace "
            "AND NOT EXISTS (SELECT 1 FROM pg_constraint "
            "WHERE pg_constraint.conindid = pg_index.indexrelid) "
            "ORDER BY pg_index.indexrelid",
            [*BULK_TABLES, SEARCH_TABLE],
        )
        for name, definition in found:
            await self.db.execute(f"DROP INDEX {name}")
            self.deferred.append(definition)

    async def restore_indexes(self, progress: Progress) -> None:
        for definition in self.deferred:
            await self.db.execute(definition)
            progress.advance(1)
        self.deferred = []

    async def check_foreign_keys(self) -> None:
        """Nothing left to check: PostgreSQL checked every row as it was copied."""

    async def commit(self) -> None:
        await self.transaction.commit()
        await self.begin()

    async def close(self, id_tables: Sequence[str]) -> None:
        for table in id_tables:
            await self.db.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                f"(SELECT max(id) FROM {table}))"
            )
        await self.transaction.commit()
        for table in (*BULK_TABLES, *PEOPLE_TABLES, SEARCH_TABLE):
            await self.db.execute(f"VACUUM ANALYZE {table}")
        await self.db.close()


async def open_writer(database_url: str) -> Writer:
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite":
        if not url.database or url.database == ":memory:":
            raise SystemExit("Seed a SQLite database file, not an in-memory one.")
        return SqliteWriter(url.database)
    dsn = url.set(drivername="postgresql").render_as_string(hide_password=False)
    return await PostgresWriter.open(dsn)
