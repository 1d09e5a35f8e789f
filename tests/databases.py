"""Test databases: migrated once per run into a template, then a fresh copy per test.

SQLite always; PostgreSQL too when ``HELPDESK_TEST_DATABASE_URL`` names a server
database the tests may create and drop databases from.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from helpdesk.core.migrations import upgrade_to_head

POSTGRES_ENV = "HELPDESK_TEST_DATABASE_URL"


def postgres_admin_url() -> str | None:
    return os.environ.get(POSTGRES_ENV) or None


def backends() -> list[str]:
    return ["sqlite", "postgresql"] if postgres_admin_url() else ["sqlite"]


def sqlite_url(path: Path) -> str:
    return f"sqlite+aiosqlite:///{path}"


class SqliteTemplate:
    def __init__(self, directory: Path) -> None:
        self.path = directory / "template.sqlite3"
        upgrade_to_head(sqlite_url(self.path))

    @contextmanager
    def fresh(self, directory: Path) -> Iterator[str]:
        copy = directory / "test.sqlite3"
        shutil.copyfile(self.path, copy)
        yield sqlite_url(copy)


def _dsn(url: str, database: str | None = None) -> str:
    parsed = make_url(url).set(drivername="postgresql")
    if database:
        parsed = parsed.set(database=database)
    return parsed.render_as_string(hide_password=False)


async def _admin(url: str, *statements: str) -> None:
    connection = await asyncpg.connect(_dsn(url))
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


class PostgresTemplate:
    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url
        self.name = f"helpdesk_tpl_{uuid.uuid4().hex[:10]}"
        asyncio.run(_admin(admin_url, f'CREATE DATABASE "{self.name}"'))
        upgrade_to_head(self._async_url(self.name))

    def _async_url(self, database: str) -> str:
        return (
            make_url(self.admin_url)
            .set(drivername="postgresql+asyncpg", database=database)
            .render_as_string(hide_password=False)
        )

    @contextmanager
    def fresh(self, _directory: Path) -> Iterator[str]:
        name = f"helpdesk_t_{uuid.uuid4().hex[:12]}"
        asyncio.run(_admin(self.admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{self.name}"'))
        try:
            yield self._async_url(name)
        finally:
            asyncio.run(_admin(self.admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def drop(self) -> None:
        asyncio.run(_admin(self.admin_url, f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)'))


@contextmanager
def copy_of(url: str, directory: Path) -> Iterator[str]:
    """A copy of the database at ``url`` (nothing may be connected to it), dropped after."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        copy = directory / "copy.sqlite3"
        shutil.copyfile(str(parsed.database), copy)
        yield sqlite_url(copy)
        return
    admin_url = postgres_admin_url()
    if admin_url is None:
        raise RuntimeError(f"{POSTGRES_ENV} is not set")
    name = f"helpdesk_t_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin(admin_url, f'CREATE DATABASE "{name}" TEMPLATE "{parsed.database}"'))
    try:
        yield parsed.set(database=name).render_as_string(hide_password=False)
    finally:
        asyncio.run(_admin(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
