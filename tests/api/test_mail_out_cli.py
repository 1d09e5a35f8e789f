"""``helpdesk worker`` and ``helpdesk mail outbox``, run as a user runs them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from helpdesk.core.settings import Settings, get_settings
from helpdesk.domain.outbox.service import NO_SMTP_SERVER
from tests.conftest import _free_port, bearer
from tests.smtp_sink import SmtpSink


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """No SMTP server and no worker inside the server: mail waits for the commands."""
    return settings.model_copy(update={"in_process_worker": False, "worker_poll_seconds": 0.1})


@pytest.fixture
def environment(settings: Settings) -> dict[str, str]:
    assert settings.secret_key is not None
    return {
        "HELPDESK_DATABASE_URL": settings.database_url,
        "HELPDESK_STORAGE_DIR": str(settings.storage_dir),
        "HELPDESK_SECRET_KEY": settings.secret_key.get_secret_value(),
        "HELPDESK_WORKER_POLL_SECONDS": "0.1",
    }


@pytest.fixture
def runner(environment: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Iterator[CliRunner]:
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield CliRunner()
    get_settings.cache_clear()


@pytest.fixture
def smtp_sink() -> Iterator[SmtpSink]:
    sink = SmtpSink(_free_port())
    sink.start()
    yield sink
    sink.stop()


def agent_replies(runner: CliRunner, live_server: str) -> None:
    created = runner.invoke(
        cli, ["token", "create", "--uvdesk-role", "admin", "--email", "admin@desk.example"]
    )
    assert created.exit_code == 0, created.output
    headers = bearer(created.stdout.strip())
    ticket = httpx.post(
        f"{live_server}/api/tickets.json",
        json={"from": "c@example.com", "name": "C", "subject": "Help", "reply": "Please."},
        headers=headers,
    )
    assert ticket.status_code == 200, ticket.text
    reply = httpx.post(
        f"{live_server}/api/ticket/{ticket.json()['ticketId']}/threads.json",
        json={"threadType": "reply", "reply": "Done."},
        headers=headers,
    )
    assert reply.status_code == 200, reply.text


def outbox_list(runner: CliRunner) -> str:
    listed = runner.invoke(cli, ["mail", "outbox", "list"])
    assert listed.exit_code == 0, listed.output
    return listed.stdout


def start_worker(environment: dict[str, str], **extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "helpdesk", "worker", "--concurrency", "1"],
        env={**os.environ, **environment, **extra},
    )


def until(condition: Callable[[], bool], seconds: float = 15) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    raise AssertionError("condition not met in time")


def stop_worker(process: subprocess.Popen[bytes]) -> int:
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=15)


def test_a_queued_reply_is_listed_as_queued(runner: CliRunner, live_server: str) -> None:
    agent_replies(runner, live_server)
    [line] = outbox_list(runner).splitlines()
    assert line.split("\t")[1:4] == ["queued", "0", "c@example.com"]


def test_the_worker_sends_queued_mail_and_stops_cleanly_on_sigterm(
    runner: CliRunner, live_server: str, environment: dict[str, str], smtp_sink: SmtpSink
) -> None:
    agent_replies(runner, live_server)
    worker = start_worker(environment, HELPDESK_SMTP_URL=smtp_sink.url)
    try:
        until(lambda: len(smtp_sink.snapshot()) == 1)
    finally:
        exit_code = stop_worker(worker)
    assert exit_code == 0
    assert outbox_list(runner).splitlines()[0].split("\t")[1] == "sent"


def test_without_an_smtp_server_mail_is_held_with_the_reason_and_retried_by_hand(
    runner: CliRunner, live_server: str, environment: dict[str, str], smtp_sink: SmtpSink
) -> None:
    agent_replies(runner, live_server)
    worker = start_worker(environment)
    try:
        until(lambda: "\theld\t" in outbox_list(runner))
    finally:
        stop_worker(worker)
    assert outbox_list(runner).rstrip("\n").endswith(NO_SMTP_SERVER)

    retried = runner.invoke(cli, ["mail", "outbox", "retry"])
    assert retried.exit_code == 0, retried.output
    assert "1 message(s) queued again." in retried.output
    worker = start_worker(environment, HELPDESK_SMTP_URL=smtp_sink.url)
    try:
        until(lambda: len(smtp_sink.snapshot()) == 1)
    finally:
        stop_worker(worker)
