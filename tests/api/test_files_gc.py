"""``helpdesk files gc`` removes what earlier versions left behind, and nothing else."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import anyio
import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from typer.testing import CliRunner, Result

from helpdesk.cli.main import app as cli
from helpdesk.core.settings import Settings
from helpdesk.domain.chats.models import ChatAttachment
from helpdesk.domain.files import service as files
from tests.api.marketplace.helpers import make_parties
from tests.api.test_file_lifecycle import chat_with_file, stored, ticket_with_file
from tests.api.uvdesk.helpers import admin_token
from tests.conftest import files_under

pytestmark = pytest.mark.anyio

TWO_HOURS = 2 * 60 * 60


async def _chunks(data: bytes) -> AsyncIterator[bytes]:
    yield data


@dataclass(frozen=True, slots=True)
class Planted:
    kept: set[Path]
    """Files of live owners, and an unrecorded file too young to judge."""
    garbage: set[Path]


async def plant(app: FastAPI, client: httpx.AsyncClient, settings: Settings) -> Planted:
    """Live files, plus garbage of every kind an earlier version could leave."""
    await ticket_with_file(client, await admin_token(app))
    ticket_file = set(stored(settings))
    await chat_with_file(client, (await make_parties(app)).client)
    chat_file = set(stored(settings)) - ticket_file

    runtime = app.state.runtime
    async with runtime.unit_of_work() as unit:
        # A row whose owner was deleted without it (tickets were, before files had owners).
        orphan = await files.store(unit.session, files.Upload(_chunks(b"orphan"), "o.txt", None))
        # A chat attachment soft-deleted by a version that kept its bytes.
        await unit.session.execute(update(ChatAttachment).values(is_deleted=True))
    stray = await runtime.storage.save(_chunks(b"stray"), max_bytes=100)
    uploading = await runtime.storage.save(_chunks(b"uploading"), max_bytes=100)
    by_key = {path.name: path for path in stored(settings)}
    past = time.time() - TWO_HOURS
    os.utime(by_key[stray.key], (past, past))
    return Planted(
        kept=ticket_file | {by_key[uploading.key]},
        garbage=chat_file | {by_key[orphan.storage_key], by_key[stray.key]},
    )


async def gc(runner: CliRunner, *options: str) -> Result:
    """The command on its own thread: it runs its own event loop, as from a shell."""
    return await anyio.to_thread.run_sync(runner.invoke, cli, ["files", "gc", *options])


@pytest.fixture
def runner(cli_environment: Settings) -> CliRunner:
    return CliRunner()


async def test_a_dry_run_lists_the_garbage_and_changes_nothing(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings, runner: CliRunner
) -> None:
    planted = await plant(app, client, settings)
    before = set(files_under(settings.storage_dir))
    result = await gc(runner, "--dry-run")
    assert result.exit_code == 0, result.output
    assert set(files_under(settings.storage_dir)) == before
    listed = result.stdout.splitlines()[:-1]
    assert {line.split("\t")[2] for line in listed} == {path.name for path in planted.garbage}
    assert result.stdout.splitlines()[-1].startswith("Would remove: 1 files without an owner, ")


async def test_gc_removes_the_garbage_reports_counts_and_keeps_the_rest(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings, runner: CliRunner
) -> None:
    planted = await plant(app, client, settings)
    result = await gc(runner)
    assert result.exit_code == 0, result.output
    assert set(files_under(settings.storage_dir)) == planted.kept
    assert result.stdout.strip() == (
        "Removed: 1 files without an owner, 1 files of deleted owners, "
        "1 unrecorded files (5 bytes)."
    )
    again = await gc(runner)
    assert again.stdout.strip() == (
        "Removed: 0 files without an owner, 0 files of deleted owners, "
        "0 unrecorded files (0 bytes)."
    )


def interrupted_upload(storage_dir: Path, key: str, *, age_seconds: int) -> Path:
    """What a server killed while writing an upload leaves: the partial file (the crash
    test found these outliving every gc run)."""
    path = storage_dir / key[:2] / key[2:4] / f"{key}.partial"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"half an upload")
    past = time.time() - age_seconds
    os.utime(path, (past, past))
    return path


async def test_gc_removes_uploads_interrupted_mid_write_once_past_the_grace_period(
    settings: Settings, runner: CliRunner
) -> None:
    interrupted_upload(settings.storage_dir, "ab" * 16, age_seconds=TWO_HOURS)
    writing = interrupted_upload(settings.storage_dir, "cd" * 16, age_seconds=0)
    result = await gc(runner)
    assert result.exit_code == 0, result.output
    assert set(files_under(settings.storage_dir)) == {writing}
    assert result.stdout.strip().endswith("1 unrecorded files (14 bytes).")
