"""Applying Alembic migrations from code (CLI, serve, tests)."""

from __future__ import annotations

from importlib.resources import files

from alembic import command
from alembic.config import Config

from helpdesk.core.database import ensure_sqlite_directory


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("helpdesk") / "migrations"))
    config.attributes["database_url"] = database_url
    return config


def upgrade_to_head(database_url: str) -> None:
    """Bring the schema to the newest revision of every branch.

    Each area may start its own migration branch from a shared base (``heads``), with
    ``depends_on`` where one area's tables reference another's. Must not be called inside
    a running event loop.
    """
    ensure_sqlite_directory(database_url)
    command.upgrade(alembic_config(database_url), "heads")
