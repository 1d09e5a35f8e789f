"""The application key: given, or generated once beside the embedded database."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr

from helpdesk.core.keys import Keys, MissingSecretKey
from helpdesk.core.settings import Settings


def sqlite_settings(directory: Path) -> Settings:
    return Settings(database_url=f"sqlite+aiosqlite:///{directory / 'helpdesk.sqlite3'}")


def test_the_embedded_database_keeps_one_generated_key(tmp_path: Path) -> None:
    first = Keys.from_settings(sqlite_settings(tmp_path)).derive("purpose")
    again = Keys.from_settings(sqlite_settings(tmp_path)).derive("purpose")
    assert first == again
    assert (tmp_path / "secret.key").stat().st_mode & 0o777 == 0o600


def test_a_given_key_is_used_as_is(tmp_path: Path) -> None:
    given = Settings(
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'db.sqlite3'}",
        secret_key=SecretStr("k"),
    )
    assert Keys.from_settings(given).derive("a") == Keys(b"k").derive("a")
    assert not (tmp_path / "secret.key").exists()


def test_each_purpose_gets_its_own_key() -> None:
    keys = Keys(b"master")
    assert keys.derive("mailbox secrets") != keys.derive("reply addresses")


def test_another_database_needs_the_key_given() -> None:
    settings = Settings(database_url="postgresql+asyncpg://db.example/helpdesk")
    with pytest.raises(MissingSecretKey):
        Keys.from_settings(settings)
