"""``helpdesk mail``: the SMTP listener as its own process, bulk import, the quarantine."""

from __future__ import annotations

import mailbox
import os
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from email.message import EmailMessage
from pathlib import Path

import anyio
import httpx
import pytest
from click.testing import Result
from fastapi import FastAPI
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from helpdesk.core.settings import Settings
from tests.mail.conftest import RECEIVING
from tests.mail.desk import Desk
from tests.mail.messages import message

pytestmark = pytest.mark.anyio
TRUNCATED = (
    b"From: tess@customer.example\r\nSubject: cut short\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\n\r\nhel"
)


async def run(runner: CliRunner, *args: str) -> Result:
    return await anyio.to_thread.run_sync(lambda: runner.invoke(cli, list(args)))


async def test_an_mbox_imports_every_message_it_holds(
    app: FastAPI, client: httpx.AsyncClient, cli_runner: CliRunner, tmp_path: Path, mailbox: int
) -> None:
    box = mailbox_file(tmp_path / "archive.mbox", [message(subject=f"Old {n}") for n in range(3)])

    result = await run(cli_runner, "mail", "import", str(box))

    assert result.exit_code == 0, result.output
    assert "created: 3" in result.stderr
    tickets = await (await Desk.open(app, client)).tickets()
    assert [ticket["subject"] for ticket in tickets] == ["Old 0", "Old 1", "Old 2"]


async def test_importing_the_same_mail_again_creates_nothing_new(
    app: FastAPI, client: httpx.AsyncClient, cli_runner: CliRunner, tmp_path: Path, mailbox: int
) -> None:
    file = tmp_path / "one.eml"
    file.write_bytes(message().as_bytes())
    await run(cli_runner, "mail", "import", str(file))

    again = await run(cli_runner, "mail", "import", str(file))

    assert "created: 0, threaded: 0, duplicate: 1" in again.stderr
    assert len(await (await Desk.open(app, client)).tickets()) == 1


async def test_importing_into_an_unknown_mailbox_is_refused(
    cli_runner: CliRunner, tmp_path: Path
) -> None:
    file = tmp_path / "one.eml"
    file.write_bytes(message().as_bytes())

    result = await run(cli_runner, "mail", "import", str(file), "--mailbox", "99")

    assert result.exit_code != 0


async def test_quarantine_list_retry_and_drop(
    cli_runner: CliRunner, tmp_path: Path, mailbox: int
) -> None:
    file = tmp_path / "cut.eml"
    file.write_bytes(TRUNCATED)
    await run(cli_runner, "mail", "import", str(file))

    listed = await run(cli_runner, "mail", "quarantine", "list")
    [line] = listed.stdout.splitlines()
    item_id, _, via, sender, subject, reason = line.split("\t")
    assert (via, sender, subject) == ("import", "tess@customer.example", "cut short")
    assert "CloseBoundaryNotFoundDefect" in reason

    retried = await run(cli_runner, "mail", "quarantine", "retry", item_id)
    assert retried.exit_code == 1
    assert retried.stdout.startswith("quarantined")

    dropped = await run(cli_runner, "mail", "quarantine", "drop", item_id)
    assert dropped.exit_code == 0, dropped.output
    assert (await run(cli_runner, "mail", "quarantine", "list")).stdout == ""
    assert (await run(cli_runner, "mail", "quarantine", "drop", item_id)).exit_code == 1


async def test_smtpd_receives_mail_as_its_own_process(
    app: FastAPI, client: httpx.AsyncClient, settings: Settings, mailbox: int
) -> None:
    sent = message(subject="Over the wire")

    await anyio.to_thread.run_sync(lambda: send_through_smtpd_process(settings, sent))

    [ticket] = await (await Desk.open(app, client)).tickets()
    assert ticket["subject"] == "Over the wire"


def send_through_smtpd_process(settings: Settings, sent: EmailMessage) -> None:
    """Start ``helpdesk mail smtpd`` on a free port, send ``sent``, stop it with SIGTERM."""
    port = free_port()
    environment = {
        **os.environ,
        "HELPDESK_DATABASE_URL": settings.database_url,
        "HELPDESK_STORAGE_DIR": str(settings.storage_dir),
        "HELPDESK_SECRET_KEY": "test-secret-key",
    }
    command = [sys.executable, "-m", "helpdesk", "mail", "smtpd", "--port", str(port)]
    server = subprocess.Popen(command, env=environment, stderr=subprocess.PIPE)  # noqa: S603
    try:
        wait_for_port(port, server)
        with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
            smtp.send_message(sent, to_addrs=[RECEIVING])
    finally:
        server.send_signal(signal.SIGTERM)
        assert server.wait(timeout=30) == 0


def mailbox_file(path: Path, messages: Sequence[object]) -> Path:
    box = mailbox.mbox(path)
    for item in messages:
        box.add(item)  # type: ignore[arg-type]
    box.close()
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, process.stderr.read() if process.stderr else ""
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)
    raise TimeoutError(f"nothing listens on {port}")
