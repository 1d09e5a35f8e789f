"""Alembic environment: runs migrations on the async engine for SQLite or PostgreSQL."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy.engine import Connection

from helpdesk.core.database import create_engine
from helpdesk.core.settings import get_settings
from helpdesk.domain.models import Base
from helpdesk.domain.tickets.search import is_search_table

config = context.config
target_metadata = Base.metadata


def _database_url() -> str:
    return config.attributes.get("database_url") or get_settings().database_url


def _outside_search_index(name: str | None, type_: str, parents: object) -> bool:
    # The full-text index is created per dialect by hand; autogenerate must not drop it.
    return not (type_ == "table" and is_search_table(name))


def _configure(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        # SQLite cannot ALTER most things in place; batch mode copies the table instead.
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_name=_outside_search_index,
    )
    with context.begin_transaction():
        context.run_migrations()


async def _run_online() -> None:
    engine = create_engine(_database_url(), pool_size=1)
    async with engine.connect() as connection:
        await connection.run_sync(_configure)
    await engine.dispose()


def run_offline() -> None:
    context.configure(url=_database_url(), target_metadata=target_metadata, literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_offline()
else:
    asyncio.run(_run_online())
