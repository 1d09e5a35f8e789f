"""The IMAP poller against a real Dovecot server: mail in an IMAP folder becomes tickets."""

from __future__ import annotations

import asyncio
import dataclasses
import socket
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.core.settings import Settings
from helpdesk.domain.mailboxes import imap_folders
from helpdesk.domain.mailboxes.imap_folders import FolderStatus
from helpdesk.domain.mailboxes.models import ImapAuth, ImapSecurity, Mailbox, ReceiveVia
from helpdesk.domain.mailboxes.secrets import encrypt_secret
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.jobs.worker import SERVICES, Worker
from helpdesk.mail.imap import ImapPoller, PollerTiming
from tests.api.uvdesk.helpers import admin_token, uv
from tests.mail.imap.dovecot import Dovecot
from tests.mail.messages import message

pytestmark = pytest.mark.anyio

PASSWORD = "right-password"
FAST = PollerTiming(
    poll_seconds=3600.0,  # never: only IDLE can bring news in time
    refresh_seconds=0.2,
    timeout_seconds=5.0,
    first_backoff_seconds=0.2,
    longest_backoff_seconds=1.0,
)
WAIT_SECONDS = 20.0


async def imap_mailbox(
    runtime: Runtime,
    dovecot: Dovecot,
    *,
    password: str = PASSWORD,
    auth: ImapAuth = ImapAuth.PASSWORD,
) -> tuple[str, int]:
    """A mailbox that receives over IMAP from its own Dovecot user; (user, mailbox id).
    With XOAUTH2 it logs in with a token the server's token endpoint issued."""
    user = f"desk-{uuid4().hex[:10]}"
    dovecot.add_user(user, PASSWORD)
    secret = dovecot.issue_token(user) if auth is ImapAuth.XOAUTH2 else password
    async with runtime.unit_of_work() as unit:
        mailbox = Mailbox(
            name=f"Support {user}",
            email=f"{user}@desk.example",
            mailbox_email=f"{user}@in.desk.example",
            receive_via=ReceiveVia.IMAP,
            imap_host="127.0.0.1",
            imap_port=dovecot.port,
            imap_security=ImapSecurity.NONE,
            imap_username=user,
            imap_auth=auth,
            imap_secret=encrypt_secret(unit.keys, secret),
            imap_folder="INBOX",
        )
        unit.session.add(mailbox)
        await unit.session.flush()
        return user, mailbox.id


def mail(subject: str, to: str = "support@desk.example") -> bytes:
    return message(subject=subject, to=to).as_bytes()


@asynccontextmanager
async def polling(runtime: Runtime, timing: PollerTiming = FAST) -> AsyncIterator[None]:
    stop = asyncio.Event()
    task = asyncio.create_task(ImapPoller(runtime, timing).run(stop))
    try:
        yield
    finally:
        stop.set()
        await task


async def eventually[T](check: Callable[[], Awaitable[T | None]]) -> T:
    """Poll ``check`` until it gives a value (not None), failing after a deadline."""
    deadline = time.monotonic() + WAIT_SECONDS
    while (found := await check()) is None:
        if time.monotonic() > deadline:
            pytest.fail(f"nothing came of {check.__name__} within {WAIT_SECONDS} s")
        await asyncio.sleep(0.05)
    return found


async def ticket_subjects(client: httpx.AsyncClient, token: str) -> list[str]:
    response = await uv(client, "GET", "/api/tickets.json", token)
    assert response.status_code == 200, response.text
    return sorted(ticket["subject"] for ticket in response.json()["tickets"])


def subjects_become(
    client: httpx.AsyncClient, token: str, expected: list[str]
) -> Callable[[], Awaitable[list[str] | None]]:
    async def tickets_with_the_subjects() -> list[str] | None:
        found = await ticket_subjects(client, token)
        return found if found == sorted(expected) else None

    return tickets_with_the_subjects


async def status_of(runtime: Runtime, mailbox_id: int) -> FolderStatus:
    async with runtime.unit_of_work(may_write=False) as unit:
        statuses = await imap_folders.folder_statuses(unit.session)
    return next(status for status in statuses if status.mailbox_id == mailbox_id)


def status_where(
    runtime: Runtime, mailbox_id: int, holds: Callable[[Any], bool]
) -> Callable[[], Awaitable[FolderStatus | None]]:
    async def folder_status() -> FolderStatus | None:
        status = await status_of(runtime, mailbox_id)
        return status if status.state is not None and holds(status.state) else None

    return folder_status


async def test_messages_in_the_inbox_become_tickets_with_the_sender_as_customer(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    user, _ = await imap_mailbox(runtime, dovecot)
    dovecot.append(user, mail("Printer on fire"))
    dovecot.append(user, mail("Scanner jammed"))
    admin = await admin_token(app)

    async with polling(runtime):
        await eventually(subjects_become(client, admin, ["Printer on fire", "Scanner jammed"]))

    tickets = (await uv(client, "GET", "/api/tickets.json", admin)).json()["tickets"]
    assert {ticket["customer"]["email"] for ticket in tickets} == {"carla@customer.example"}


async def test_a_mailbox_logs_in_with_an_oauth2_token_over_xoauth2(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    user, mailbox_id = await imap_mailbox(runtime, dovecot, auth=ImapAuth.XOAUTH2)
    dovecot.append(user, mail("Fetched with a token"))
    admin = await admin_token(app)

    async with polling(runtime):
        await eventually(subjects_become(client, admin, ["Fetched with a token"]))

    assert (await status_of(runtime, mailbox_id)).health == "ok"


async def test_a_restarted_poller_fetches_only_what_is_new(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    user, mailbox_id = await imap_mailbox(runtime, dovecot)
    admin = await admin_token(app)
    for subject in ("One", "Two", "Three"):
        dovecot.append(user, mail(subject))
    async with polling(runtime):
        await eventually(subjects_become(client, admin, ["One", "Three", "Two"]))

    dovecot.append(user, mail("Four"))
    async with polling(runtime):
        await eventually(subjects_become(client, admin, ["Four", "One", "Three", "Two"]))

    status = await status_of(runtime, mailbox_id)
    assert status.state is not None
    assert status.state.fetched_count == 4  # not 7: nothing fetched twice


async def test_a_server_without_idle_is_polled(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot_without_idle: Dovecot
) -> None:
    user, mailbox_id = await imap_mailbox(runtime, dovecot_without_idle)
    admin = await admin_token(app)
    async with polling(runtime, dataclasses.replace(FAST, poll_seconds=0.3)):
        await eventually(status_where(runtime, mailbox_id, lambda state: state.connected_at))
        dovecot_without_idle.append(user, mail("Found by polling"))
        await eventually(subjects_become(client, admin, ["Found by polling"]))


async def test_a_renumbered_folder_is_fetched_again_without_duplicating_tickets(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    user, mailbox_id = await imap_mailbox(runtime, dovecot)
    admin = await admin_token(app)
    dovecot.append(user, mail("Before the renumbering"))
    async with polling(runtime):
        await eventually(subjects_become(client, admin, ["Before the renumbering"]))
    before = await status_of(runtime, mailbox_id)
    assert before.state is not None and before.state.uid_validity is not None

    dovecot.renumber(user, before.state.uid_validity + 1)
    dovecot.append(user, mail("After the renumbering"))
    async with polling(runtime):
        await eventually(
            subjects_become(client, admin, ["After the renumbering", "Before the renumbering"])
        )

    after = await status_of(runtime, mailbox_id)
    assert after.state is not None
    assert after.state.uid_validity == before.state.uid_validity + 1
    assert after.state.fetched_count == 3  # the old message again: intake knew it


async def test_messages_appended_while_the_poller_idles_arrive(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    user, mailbox_id = await imap_mailbox(runtime, dovecot)
    admin = await admin_token(app)
    async with polling(runtime):  # polls once an hour: only IDLE brings the news in time
        await eventually(status_where(runtime, mailbox_id, lambda s: s.connected_at))
        dovecot.append(user, mail("Arrived while idling"))
        await eventually(subjects_become(client, admin, ["Arrived while idling"]))


async def test_a_mailbox_with_a_wrong_password_is_backed_off_and_reported_while_others_work(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    _, failing_id = await imap_mailbox(runtime, dovecot, password="wrong-password")
    user, _ = await imap_mailbox(runtime, dovecot)
    admin = await admin_token(app)
    async with polling(runtime):
        failing = await eventually(
            status_where(runtime, failing_id, lambda state: state.failure_count >= 2)
        )
        dovecot.append(user, mail("Still coming in"))
        await eventually(subjects_become(client, admin, ["Still coming in"]))

    assert failing.health == "failing"
    assert failing.state is not None
    assert "authentication failed" in (failing.state.last_error or "").lower()
    assert failing.state.next_attempt_at is not None
    assert failing.state.failed_at is not None
    assert failing.state.next_attempt_at > failing.state.failed_at
    assert failing.state.connected_at is None


async def test_a_mailbox_added_while_the_poller_runs_is_picked_up(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    admin = await admin_token(app)
    async with polling(runtime):
        user, _ = await imap_mailbox(runtime, dovecot)
        dovecot.append(user, mail("For the new mailbox"))
        await eventually(subjects_become(client, admin, ["For the new mailbox"]))


async def test_a_corrected_password_is_picked_up_without_a_restart(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    user, mailbox_id = await imap_mailbox(runtime, dovecot, password="wrong-password")
    dovecot.append(user, mail("Waiting for the right password"))
    admin = await admin_token(app)
    async with polling(runtime):
        await eventually(status_where(runtime, mailbox_id, lambda state: state.failure_count))
        async with runtime.unit_of_work() as unit:
            mailbox = await unit.session.get(Mailbox, mailbox_id)
            assert mailbox is not None
            mailbox.imap_secret = encrypt_secret(unit.keys, PASSWORD)
        await eventually(subjects_become(client, admin, ["Waiting for the right password"]))
        # The folder is reported healthy once fetched, which ends just after the ingest.
        status = await eventually(
            status_where(runtime, mailbox_id, lambda state: state.failure_count == 0)
        )

    assert status.health == "ok"


def test_backoff_doubles_up_to_the_longest_wait() -> None:
    timing = dataclasses.replace(FAST, first_backoff_seconds=1.0, longest_backoff_seconds=8.0)
    delays = [timing.backoff(failures) for failures in range(1, 7)]
    doubling = [1, 2, 4, 8, 8, 8]
    assert all(0.8 * most <= delay <= most for delay, most in zip(delays, doubling, strict=True))


async def quarantined(client: httpx.AsyncClient, token: str) -> list[dict[str, Any]]:
    response = await uv(client, "GET", "/api/mail/quarantine.json", token)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["quarantine"]
    return items


TRUNCATED = (
    b"From: Tess <tess@customer.example>\r\nSubject: Cut short\r\n"
    b"Message-ID: <cut-short@customer.example>\r\nMIME-Version: 1.0\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n"
    b"--XX\r\nContent-Type: text/plain\r\n\r\nhel"
)


async def test_a_malformed_message_goes_to_the_quarantine_and_the_next_still_arrives(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    user, mailbox_id = await imap_mailbox(runtime, dovecot)
    dovecot.append(user, TRUNCATED)
    dovecot.append(user, mail("After the broken one"))
    admin = await admin_token(app)
    async with polling(runtime):
        await eventually(subjects_become(client, admin, ["After the broken one"]))

    [item] = await quarantined(client, admin)
    assert (item["subject"], item["via"], item["mailbox"]) == ("Cut short", "imap", mailbox_id)
    status = await status_of(runtime, mailbox_id)
    assert status.health == "ok"


async def test_a_message_over_the_size_limit_leaves_its_header_in_the_quarantine(
    client: httpx.AsyncClient, app: FastAPI, settings: Settings, dovecot: Dovecot
) -> None:
    small = build_runtime(settings.model_copy(update={"mail_max_message_bytes": 4096}))
    try:
        user, _ = await imap_mailbox(small, dovecot)
        dovecot.append(user, message(subject="Huge", body="x" * 10_000).as_bytes())
        dovecot.append(user, mail("Small enough"))
        admin = await admin_token(app)
        async with polling(small):
            await eventually(subjects_become(client, admin, ["Small enough"]))
    finally:
        await small.dispose()

    [item] = await quarantined(client, admin)
    assert item["subject"] == "Huge"
    assert "over the limit of 4096" in item["reason"]
    assert "UID 1." in item["reason"]


async def test_a_silent_server_times_out_and_is_reported_without_holding_up_others(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    with socket.socket() as silent:  # accepts connections (the backlog), never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        _, silent_id = await imap_mailbox(runtime, dovecot)
        async with runtime.unit_of_work() as unit:
            mailbox = await unit.session.get(Mailbox, silent_id)
            assert mailbox is not None
            mailbox.imap_port = silent.getsockname()[1]
        user, _ = await imap_mailbox(runtime, dovecot)
        admin = await admin_token(app)
        impatient = dataclasses.replace(FAST, timeout_seconds=0.5)
        async with polling(runtime, impatient):
            failing = await eventually(
                status_where(runtime, silent_id, lambda state: state.failure_count)
            )
            dovecot.append(user, mail("Not held up"))
            await eventually(subjects_become(client, admin, ["Not held up"]))

    assert failing.state is not None
    assert "timed out" in (failing.state.last_error or "").lower()


async def test_a_deployments_worker_fetches_imap_mailboxes(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime, dovecot: Dovecot
) -> None:
    """`helpdesk worker` and the server's in-process worker run the poller beside the jobs."""
    user, _ = await imap_mailbox(runtime, dovecot)
    dovecot.append(user, mail("Fetched by the worker"))
    admin = await admin_token(app)

    stop = asyncio.Event()
    running = asyncio.create_task(Worker(runtime, services=SERVICES).run(stop))
    try:
        await eventually(subjects_become(client, admin, ["Fetched by the worker"]))
    finally:
        stop.set()
        await running
