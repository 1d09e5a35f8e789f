"""``helpdesk mail imap-poll`` and ``imap-status``: IMAP intake for operators."""

from __future__ import annotations

import asyncio
import signal

import typer

from helpdesk.cli.unit_of_work import with_runtime
from helpdesk.domain.mailboxes.imap_folders import FolderStatus, folder_statuses
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.mail.imap import poll_imap

POOL_SIZE = 10
"""Database connections of the poller: each message holds one only while it is ingested."""


def imap_poll() -> None:
    """Fetch mail from every IMAP mailbox until SIGTERM or Ctrl-C.

    The same poller is meant to run inside the worker; this command runs intake alone."""

    async def work(runtime: Runtime) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        await poll_imap(runtime, stop)

    with_runtime(work, pool_size=POOL_SIZE)


def imap_status() -> None:
    """Show, per IMAP mailbox folder, where intake stands and how it is faring."""

    async def work(runtime: Runtime) -> list[FolderStatus]:
        async with runtime.unit_of_work(may_write=False) as unit:
            return await folder_statuses(unit.session)

    statuses = with_runtime(work)
    if not statuses:
        typer.echo("No active mailbox receives over IMAP.", err=True)
    for status in statuses:
        typer.echo(_line(status))


def _line(status: FolderStatus) -> str:
    state = status.state
    head = f"{status.mailbox_id}\t{status.mailbox_name}\t{status.folder}\t{status.health}"
    if state is None:
        return head
    return (
        f"{head}\tlast UID {state.last_uid} (UIDVALIDITY {state.uid_validity})"
        f"\tfetched {state.fetched_count}\tconnected {_when(state.connected_at)}"
        f"\tfailures {state.failure_count}\tnext attempt {_when(state.next_attempt_at)}"
        f"\tlast error {state.last_error or '-'}"
    )


def _when(moment: object) -> str:
    return "-" if moment is None else str(moment)
