"""What must hold while the server is down after a kill: the database passes its own
integrity checks, nothing is half-written, every stored file's bytes are present and
intact, and the only garbage is bytes of uploads that were never acknowledged, which
``helpdesk files gc`` finds (nothing on disk escapes it)."""

from __future__ import annotations

import asyncio
import hashlib
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
from sqlalchemy.engine import make_url
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from helpdesk.core.settings import get_settings
from tests.crash.server import Deployment

HALF_WRITES = {
    "tickets without their opening thread": """
        SELECT count(*) FROM tickets t WHERE NOT EXISTS (
            SELECT 1 FROM threads h WHERE h.ticket_id = t.id AND h.thread_type = 'create')""",
    "cases whose chat has no message": """
        SELECT count(*) FROM cases c WHERE NOT EXISTS (
            SELECT 1 FROM chat_messages m WHERE m.chat_id = c.chat_id)""",
    "attachments whose file row is missing": """
        SELECT (SELECT count(*) FROM thread_attachments a
                WHERE NOT EXISTS (SELECT 1 FROM stored_files f WHERE f.id = a.file_id))
             + (SELECT count(*) FROM chat_attachments a
                WHERE NOT EXISTS (SELECT 1 FROM stored_files f WHERE f.id = a.file_id))""",
}

PG_FOREIGN_KEYS = """
    SELECT c.conrelid::regclass::text, c.confrelid::regclass::text,
           array(SELECT attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute ON attrelid = c.conrelid AND attnum = k.n ORDER BY k.o),
           array(SELECT attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
                 JOIN pg_attribute ON attrelid = c.confrelid AND attnum = k.n ORDER BY k.o)
    FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
    WHERE c.contype = 'f' AND s.nspname = 'public'"""

PG_CHECK_BTREE_INDEXES = """
    SELECT bt_index_check(c.oid, true) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    JOIN pg_am a ON a.oid = c.relam JOIN pg_namespace s ON s.oid = c.relnamespace
    WHERE a.amname = 'btree' AND s.nspname = 'public'"""


@dataclass(frozen=True, slots=True)
class FileRow:
    id: int
    storage_key: str
    size: int
    sha256: str


def _is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def _sqlite_path(url: str) -> str:
    return str(make_url(url).database)


def _pg_dsn(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def query(url: str, sql: str) -> list[tuple[Any, ...]]:
    """One read-only statement, outside the server (which is down)."""
    if _is_sqlite(url):
        with sqlite3.connect(_sqlite_path(url)) as connection:
            return list(connection.execute(sql))
    return asyncio.run(_pg_query(url, sql))


async def _pg_query(url: str, sql: str) -> list[tuple[Any, ...]]:
    connection = await asyncpg.connect(_pg_dsn(url))
    try:
        return [tuple(row) for row in await connection.fetch(sql)]
    finally:
        await connection.close()


def database_problems(url: str) -> list[str]:
    """The database's own verdict on itself."""
    if _is_sqlite(url):
        return _sqlite_problems(url)
    return asyncio.run(_postgres_problems(url))


def _sqlite_problems(url: str) -> list[str]:
    with sqlite3.connect(_sqlite_path(url)) as connection:
        verdict = [row[0] for row in connection.execute("PRAGMA integrity_check")]
        dangling = list(connection.execute("PRAGMA foreign_key_check"))
    found = [] if verdict == ["ok"] else [f"integrity_check: {verdict[:5]}"]
    return found + [f"foreign_key_check: {row}" for row in dangling[:5]]


async def _postgres_problems(url: str) -> list[str]:
    """amcheck on every B-tree index (with a heap check: every row reachable from its
    indexes), every foreign key re-verified, every row of every table read back."""
    connection = await asyncpg.connect(_pg_dsn(url))
    try:
        await connection.execute("CREATE EXTENSION IF NOT EXISTS amcheck")
        await connection.fetch(PG_CHECK_BTREE_INDEXES)  # raises on the first corrupt index
        found = [
            problem
            for key in await connection.fetch(PG_FOREIGN_KEYS)
            if (problem := await _dangling(connection, *key))
        ]
        tables = await connection.fetch(
            "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public'"
        )
        for (table,) in tables:
            await connection.fetch(f"SELECT * FROM {table}")  # noqa: S608  (catalog names)
        return found
    finally:
        await connection.close()


async def _dangling(
    connection: Any, child: str, parent: str, columns: list[str], referenced: list[str]
) -> str | None:
    joined = " AND ".join(f'p."{r}" = c."{c}"' for c, r in zip(columns, referenced, strict=True))
    present = " AND ".join(f'c."{c}" IS NOT NULL' for c in columns)
    count = await connection.fetchval(
        f"SELECT count(*) FROM {child} c WHERE {present} "  # noqa: S608  (catalog names)
        f"AND NOT EXISTS (SELECT 1 FROM {parent} p WHERE {joined})"
    )
    return f"{count} rows of {child} point at missing {parent}" if count else None


def half_writes(url: str) -> list[str]:
    return [
        f"{count} {what}" for what, sql in HALF_WRITES.items() if (count := query(url, sql)[0][0])
    ]


def live_files(url: str, *, after_id: int = 0) -> list[FileRow]:
    rows = query(
        url,
        "SELECT id, storage_key, size, sha256 FROM stored_files "  # noqa: S608  (an int)
        f"WHERE removed_at IS NULL AND id > {int(after_id)} ORDER BY id",
    )
    return [FileRow(*row) for row in rows]


def blob_path(storage_dir: Path, key: str) -> Path:
    return storage_dir / key[:2] / key[2:4] / key


def broken_files(storage_dir: Path, rows: list[FileRow]) -> list[str]:
    """Rows whose bytes are missing or differ from what was recorded."""
    found: list[str] = []
    for row in rows:
        path = blob_path(storage_dir, row.storage_key)
        if not path.is_file():
            found.append(f"stored file {row.id}: bytes missing")
        elif hashlib.sha256(path.read_bytes()).hexdigest() != row.sha256:
            found.append(f"stored file {row.id}: bytes differ from their SHA-256")
    return found


@dataclass(frozen=True, slots=True)
class GarbageReport:
    problems: list[str]
    unrecorded: set[str]
    """Keys of bytes without a row: uploads the kill interrupted before their commit."""


def run_gc(deployment: Deployment, *options: str) -> str:
    """``helpdesk files gc`` as typed in a shell, in this process (no interpreter start)."""
    env = {
        "HELPDESK_DATABASE_URL": deployment.database_url,
        "HELPDESK_STORAGE_DIR": str(deployment.storage_dir),
        "HELPDESK_SECRET_KEY": "crash-test-key",
    }
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["files", "gc", *options], env=env)
    finally:
        get_settings.cache_clear()
    if result.exit_code != 0:
        raise RuntimeError(f"files gc failed: {result.output}") from result.exception
    return result.output


def garbage(deployment: Deployment) -> GarbageReport:
    """The dry run with no grace period (allowed: the server is down, nothing is in flight).
    Rows without owners or bytes of deleted owners are never expected (this load deletes
    nothing); bytes without a row are interrupted uploads, and must all be listed."""
    problems: list[str] = []
    unrecorded: set[str] = set()
    for line in run_gc(deployment, "--dry-run", "--grace-minutes", "0").splitlines():
        kind, _, key, _ = ([*line.split("\t"), "", "", ""])[:4]
        if kind == "bytes without row":
            unrecorded.add(key)
        elif "\t" in line:
            problems.append(f"files gc: {line}")
    return GarbageReport(problems, unrecorded)


def stray_files(storage_dir: Path, known: set[str], unrecorded: set[str]) -> list[str]:
    """Anything on disk that is neither a recorded file nor garbage gc will collect."""
    return [
        f"orphaned on disk, invisible to files gc: {path.relative_to(storage_dir)}"
        for path in storage_dir.rglob("*")
        if path.is_file() and path.name not in known and path.name not in unrecorded
    ]
