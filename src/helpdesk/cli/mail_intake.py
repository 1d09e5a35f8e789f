"""``helpdesk mail smtpd``, ``mail import`` and ``mail quarantine``: intake for operators."""

from __future__ import annotations

import asyncio
import signal
import sys
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated

import typer

from helpdesk.cli.unit_of_work import in_unit_of_work, with_runtime
from helpdesk.core.database import Session
from helpdesk.domain.mailboxes import quarantine
from helpdesk.domain.mailboxes.intake import (
    IMPORT,
    Ingested,
    Outcome,
    ingest,
    retry_quarantined,
)
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.mailboxes.quarantined import QuarantinedMail
from helpdesk.domain.shared.errors import NotFound
from helpdesk.domain.shared.listing import ListQuery, OrderTerm
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.mail.smtpd import serve_smtp
from helpdesk.mail.sources import StoredMessages, open_messages

SMTPD_POOL_SIZE = 5
QUARANTINE_LISTED = 1000

quarantine_app = typer.Typer(help="Messages intake set aside.", no_args_is_help=True)


def smtpd(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 2525,
) -> None:
    """Receive mail for the mailboxes over SMTP until SIGTERM or Ctrl-C."""

    async def work(runtime: Runtime) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, stop.set)
        server = await serve_smtp(runtime, host, port)
        typer.echo(f"Receiving mail on {host}:{port}.", err=True)
        try:
            await stop.wait()
        finally:
            server.close()
            await server.wait_closed()

    with_runtime(work, pool_size=SMTPD_POOL_SIZE)


def import_mail(
    path: Annotated[Path, typer.Argument(help="An .eml file, a directory of them, or an mbox.")],
    mailbox: Annotated[
        int | None, typer.Option(help="The mailbox they arrived at; else their recipients say.")
    ] = None,
) -> None:
    """Take in stored mail, one message per transaction; print what became of it."""
    try:
        messages = open_messages(path)
    except (FileNotFoundError, OSError) as exc:
        raise typer.BadParameter(str(exc), param_hint="PATH") from None

    async def work(runtime: Runtime) -> Counter[Outcome]:
        if mailbox is not None:
            await _require_mailbox(runtime, mailbox)
        return await _import_all(runtime, messages, mailbox)

    counts = with_runtime(work)
    typer.echo(", ".join(f"{outcome}: {counts[outcome]}" for outcome in Outcome), err=True)


async def _require_mailbox(runtime: Runtime, mailbox_id: int) -> None:
    async with runtime.unit_of_work(may_write=False) as unit:
        if await unit.session.get(Mailbox, mailbox_id) is None:
            raise typer.BadParameter(f"no mailbox {mailbox_id}", param_hint="--mailbox")


async def _import_all(
    runtime: Runtime, messages: StoredMessages, mailbox_id: int | None
) -> Counter[Outcome]:
    counts: Counter[Outcome] = Counter()
    with typer.progressbar(length=messages.count, label="Importing", file=sys.stderr) as bar:
        for name, raw in messages:
            async with runtime.unit_of_work() as unit:
                result = await ingest(unit.session, raw, via=IMPORT, mailbox_id=mailbox_id)
            counts[result.outcome] += 1
            if result.outcome == Outcome.QUARANTINED:
                typer.echo(f"\n{name}: quarantined ({result.reason})", err=True)
            bar.update(1)
    return counts


@quarantine_app.command("list")
def quarantine_list() -> None:
    """Every message set aside, newest first: id, when, how it came, sender, subject, why."""

    async def work(session: Session) -> list[QuarantinedMail]:
        query = ListQuery(order=(OrderTerm("id", descending=True),), limit=QUARANTINE_LISTED)
        return list((await quarantine.list_quarantine(session, query)).items)

    items = in_unit_of_work(work)
    if not items:
        typer.echo("The quarantine is empty.", err=True)
    for item in items:
        typer.echo(
            f"{item.id}\t{item.created_at:%Y-%m-%d %H:%M}\t{item.via}\t{item.sender or '-'}"
            f"\t{item.subject or '-'}\t{item.reason}"
        )


@quarantine_app.command("retry")
def quarantine_retry(item_id: Annotated[int, typer.Argument(help="Its id in the list.")]) -> None:
    """Ingest a quarantined message again; it leaves the quarantine once it goes through."""

    async def work(session: Session) -> Ingested:
        return await retry_quarantined(session, item_id)

    result = _or_not_found(work)
    typer.echo(f"{result.outcome}\tticket {result.ticket_id or '-'}\t{result.reason or ''}")
    if result.outcome == Outcome.QUARANTINED:
        sys.exit(1)


@quarantine_app.command("drop")
def quarantine_drop(item_id: Annotated[int, typer.Argument(help="Its id in the list.")]) -> None:
    """Forget a quarantined message for good."""

    async def work(session: Session) -> None:
        await quarantine.drop(session, item_id)

    _or_not_found(work)
    typer.echo("Dropped.", err=True)


def _or_not_found[T](work: Callable[[Session], Awaitable[T]]) -> T:
    try:
        return in_unit_of_work(work)
    except NotFound as exc:
        typer.echo(str(exc), err=True)
        sys.exit(1)
