"""``helpdesk mail outbox``: what mail is waiting, sent or failed, and sending it again."""

from __future__ import annotations

import enum
from typing import Annotated

import typer

from helpdesk.cli.unit_of_work import in_unit_of_work
from helpdesk.core.database import Session
from helpdesk.domain.outbox import service as outbox
from helpdesk.domain.outbox.models import OutboxState

outbox_app = typer.Typer(help="Outgoing mail.", no_args_is_help=True)


class StateOption(enum.StrEnum):
    queued = "queued"
    sending = "sending"
    sent = "sent"
    held = "held"
    failed = "failed"


@outbox_app.command("list")
def outbox_list(
    state: Annotated[StateOption | None, typer.Option(help="Only messages in this state.")] = None,
    limit: Annotated[int, typer.Option(min=1, help="How many, newest first.")] = 50,
) -> None:
    """One line per message: id, state, attempts, recipients, subject, last error."""

    async def work(session: Session) -> list[str]:
        wanted = OutboxState(state.value) if state is not None else None
        return [
            "\t".join(
                (
                    str(mail.id),
                    mail.state,
                    str(mail.attempts),
                    ",".join(mail.recipients),
                    mail.subject,
                    mail.last_error or "",
                )
            )
            for mail in await outbox.list_outbox(session, wanted, limit=limit)
        ]

    for line in in_unit_of_work(work):
        typer.echo(line)


@outbox_app.command("retry")
def outbox_retry(
    ids: Annotated[list[int] | None, typer.Argument(help="Message ids; all if none.")] = None,
) -> None:
    """Queue held and failed messages again."""

    async def work(session: Session) -> int:
        return len(await outbox.retry_mail(session, ids or ()))

    typer.echo(f"{in_unit_of_work(work)} message(s) queued again.", err=True)
