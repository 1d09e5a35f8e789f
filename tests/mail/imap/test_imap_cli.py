"""``helpdesk mail imap-poll`` and ``imap-status`` as operators run them."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from helpdesk.core.settings import Settings, get_settings
from helpdesk.domain.shared.unit_of_work import Runtime
from tests.api.uvdesk.helpers import admin_token
from tests.mail.imap.dovecot import Dovecot
from tests.mail.imap.test_imap_poller import (
    eventually,
    imap_mailbox,
    mail,
    polling,
    status_where,
    subjects_become,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
def environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The settings of the test, as the environment a command reads them from."""
    assert settings.secret_key is not None
    variables = {
        "HELPDESK_DATABASE_URL": settings.database_url,
        "HELPDESK_STORAGE_DIR": str(settings.storage_dir),
        "HELPDESK_SECRET_KEY": settings.secret_key.get_secret_value(),
        "HELPDESK_MIGRATE_ON_START": "false",
    }
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield variables
    get_settings.cache_clear()


async def test_imap_poll_turns_mail_into_tickets_until_it_is_terminated(
    client: httpx.AsyncClient,
    app: FastAPI,
    runtime: Runtime,
    dovecot: Dovecot,
    environment: dict[str, str],
) -> None:
    user, _ = await imap_mailbox(runtime, dovecot)
    dovecot.append(user, mail("Fetched by the command"))
    admin = await admin_token(app)
    poller = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "helpdesk", "mail", "imap-poll", env=os.environ | environment
    )
    try:
        await eventually(subjects_become(client, admin, ["Fetched by the command"]))
    finally:
        poller.send_signal(signal.SIGTERM)
        exit_code = await asyncio.wait_for(poller.wait(), 30)
    assert exit_code == 0


async def test_imap_status_shows_a_failing_mailbox_with_its_error(
    runtime: Runtime, dovecot: Dovecot, environment: dict[str, str]
) -> None:
    _, failing_id = await imap_mailbox(runtime, dovecot, password="wrong-password")
    _, working_id = await imap_mailbox(runtime, dovecot)
    async with polling(runtime):
        await eventually(status_where(runtime, failing_id, lambda state: state.failure_count))
        await eventually(status_where(runtime, working_id, lambda state: state.connected_at))

    result = await asyncio.to_thread(CliRunner().invoke, cli, ["mail", "imap-status"])

    assert result.exit_code == 0, result.output
    lines = {line.split("\t")[0]: line for line in result.stdout.splitlines()}
    assert "\tfailing\t" in lines[str(failing_id)]
    assert "AUTHENTICATIONFAILED" in lines[str(failing_id)]
    assert "\tok\t" in lines[str(working_id)]
