"""One writer per database, with the same interface: values go in as each stores them.

SQLite: ``executemany`` on the standard library's driver, in one transaction per phase;
during the load only, no fsync (``synchronous=OFF``), the rollback journal in memory and
foreign keys checked once at the end (``foreign_key_check``); WAL is on again afterwards.

PostgreSQL: binary COPY through asyncpg, one transaction per phase; the foreign keys of
the big tables are dropped during the load and added back after it (which checks every
row, in one query per key); the ticket tallies' trigger is off during the load and the
tallies are counted once after it; afterwards the sequences move past the ids given, and
VACUUM ANALYZE leaves the tables as autovacuum would have (statistics, visibility map).

Both drop the secondary indexes of the big tables before the load and recreate them from
their own definitions after it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any, Protocol

import asyncpg
from sqlalchemy.engine import make_url

from seeding.formats import Codec, PostgresCodec, SqliteCodec
from seeding.progress import Progress
from seeding.tables import BULK_TABLES, PEOPLE_TABLES, Rows

SEARCH_TABLE = "ticket_search"


class Writer(Protocol):
    codec: Codec
    deferred: list[str]

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
    codec: Codec = SqliteCodec()

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
        # row ``-id`` the whole text (the notes after a space). FTS5 keeps what it is given
        # in memory only while rowids ascend (a smaller one flushes it to disk), hence the
        # order: the ids ascending, then the negated ids ascending too.
        documents = sorted(documents)
        rows = [(ticket_id, public) for ticket_id, public, _notes in documents]
        rows += [
            (-ticket_id, f"{public} {notes}") for ticket_id, public, notes in reversed(documents)
        ]
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


TALLY_TRIGGER = "ticket_tallies_insert_delete"
TALLY_FACETS = "status_id, is_trashed, is_new, is_replied, is_starred"
RECOUNT_TALLIES = (
    f"INSERT INTO ticket_tallies ({TALLY_FACETS}, agent_key, tickets) "  # noqa: S608
    f"SELECT {TALLY_FACETS}, coalesce(agent_id, 0), count(*) FROM tickets "
    f"GROUP BY {TALLY_FACETS}, coalesce(agent_id, 0)"
)
"""The tallies of every ticket, as migration 0025 first fills them."""


class PostgresWriter:
    codec: Codec = PostgresCodec()

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.db = connection
        self.deferred: list[str] = []
        self.deferred_keys: list[str] = []
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
        # Foreign keys are checked by one query each when added back, instead of a query
        # per row; indexes that back a constraint (primary keys, unique ones) stay.
        keys = await self.db.fetch(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) "
            "FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text = ANY($1) "
            "ORDER BY oid",
            [*BULK_TABLES, SEARCH_TABLE],
        )
        for table, name, definition in keys:
            await self.db.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
            self.deferred_keys.append(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')
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
        # The tally trigger upserts one of a few hundred rows per ticket; in one transaction
        # each upsert walks the row's ever longer chain of versions (a million tickets took
        # more than an hour). The tallies are counted once, after the tickets.
        await self.db.execute(f"ALTER TABLE tickets DISABLE TRIGGER {TALLY_TRIGGER}")

    async def restore_indexes(self, progress: Progress) -> None:
        for definition in self.deferred:
            await self.db.execute(definition)
            progress.advance(1)
        self.deferred = []
        await self.db.execute("DELETE FROM ticket_tallies")
        await self.db.execute(RECOUNT_TALLIES)
        await self.db.execute(f"ALTER TABLE tickets ENABLE TRIGGER {TALLY_TRIGGER}")

    async def check_foreign_keys(self) -> None:
        """Add the foreign keys back: PostgreSQL checks every row as it does."""
        for definition in self.deferred_keys:
            await self.db.execute(definition)
        self.deferred_keys = []

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
