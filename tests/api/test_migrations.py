"""Migrations build the schema from empty, and agree with the models."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection

from helpdesk.core.database import create_engine
from helpdesk.domain.models import Base
from helpdesk.domain.tickets.search import is_search_table

pytestmark = pytest.mark.anyio


def outside_search_index(name: str | None, type_: str, parents: object) -> bool:
    """The full-text index is built per dialect, outside the model metadata."""
    return not (type_ == "table" and is_search_table(name))


async def test_migrations_from_empty_match_the_models(database_url: str) -> None:
    engine = create_engine(database_url)

    def differences(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "include_name": outside_search_index},
        )
        return list(compare_metadata(context, Base.metadata))

    def tables(connection: Connection) -> set[str]:
        return set(inspect(connection).get_table_names())

    async with engine.connect() as connection:
        assert await connection.run_sync(differences) == []
        present = await connection.run_sync(tables)
    await engine.dispose()
    assert set(Base.metadata.tables) <= present
    assert "alembic_version" in present
