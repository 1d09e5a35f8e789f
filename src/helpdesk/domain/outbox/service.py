"""The outbox: messages queued with the work that causes them, sent after it commits.

A message is written, with its Message-ID recorded among the ticket's mail, in the same
transaction as the reply it carries, and a ``mail.send`` job is queued beside it: a
rolled-back reply leaves neither. The job moves the row through ``sending`` to ``sent``
(or back to ``queued`` for a retry, ``failed`` after the last try, ``held`` while no SMTP
server is configured); a row already sent is never sent again."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.identity.models import User
from helpdesk.domain.jobs.queue import enqueue
from helpdesk.domain.mailboxes.models import Direction, Mailbox, MailMessage
from helpdesk.domain.mailboxes.secrets import decrypt_secret
from helpdesk.domain.outbox.compose import (
    REPLY_TO_CUSTOMER,
    Body,
    answered_message_id,
    earlier_message_ids,
    new_message_id,
    render_template,
    sender_for,
    trimmed_references,
)
from helpdesk.domain.outbox.models import OutboundMail, OutboxState
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.tickets.models import Thread, Ticket

SEND_MAIL = "mail.send"
NO_SMTP_SERVER = (
    "No SMTP server is configured: set HELPDESK_SMTP_URL or the mailbox's SMTP URL, "
    "then retry (helpdesk mail outbox retry)."
)
RETRYABLE = (OutboxState.HELD, OutboxState.FAILED)


@dataclass(frozen=True, slots=True)
class Envelope:
    """One message as the SMTP client needs it, and where to send it."""

    smtp_url: str
    message_id: str
    sender: str
    recipients: list[str]
    cc: list[str]
    reply_to: str | None
    subject: str
    in_reply_to: str | None
    references: list[str]
    html_body: str
    text_body: str


async def queue_agent_reply(session: AsyncSession, ticket: Ticket, thread: Thread) -> OutboundMail:
    """Mail an agent's reply to the customer, collaborators and whoever the agent added."""
    author = await session.get(User, thread.user_id)
    await session.refresh(ticket, ["status", "priority", "agent"])  # the reply may change them
    body = await render_template(session, REPLY_TO_CUSTOMER, ticket, thread, replying_agent=author)
    customer = ticket.customer.email
    copied = [user.email for user in ticket.collaborators] + list(thread.cc or [])
    cc = [address for address in _unique(copied) if address.lower() != customer.lower()]
    return await queue_mail(
        session, ticket, thread, body, template_code=REPLY_TO_CUSTOMER, to=[customer], cc=cc
    )


def _unique(addresses: Sequence[str]) -> list[str]:
    seen: dict[str, str] = {}
    for address in addresses:
        seen.setdefault(address.strip().lower(), address.strip())
    return [address for address in seen.values() if address]


async def queue_mail(
    session: AsyncSession,
    ticket: Ticket,
    thread: Thread | None,
    body: Body,
    *,
    template_code: str,
    to: list[str],
    cc: list[str],
) -> OutboundMail:
    """Write ``body`` to the outbox for ``ticket``, threaded after its earlier mail."""
    work = unit_of_work(session)
    sender = await sender_for(session, ticket)
    earlier = await earlier_message_ids(session, ticket.id)
    message_id = new_message_id(work.settings.mail_domain)
    mail = OutboundMail(
        message_id=message_id,
        ticket_id=ticket.id,
        thread_id=thread.id if thread is not None else None,
        mailbox_id=sender.mailbox_id,
        template_code=template_code,
        sender=sender.from_header,
        recipients=to,
        cc=cc,
        reply_to=sender.reply_to,
        subject=body.subject,
        in_reply_to=await answered_message_id(session, ticket.id),
        references=trimmed_references(earlier),
        html_body=body.html,
        text_body=body.text,
        state=OutboxState.QUEUED,
        attempts=0,
    )
    session.add(mail)
    session.add(
        MailMessage(
            message_id=message_id,
            direction=Direction.OUTBOUND,
            mailbox_id=sender.mailbox_id,
            ticket_id=ticket.id,
            thread_id=mail.thread_id,
        )
    )
    if thread is not None:
        thread.message_id = message_id
    await session.flush()
    await enqueue(session, SEND_MAIL, {"outbound_mail_id": mail.id})
    return mail


async def begin_sending(session: AsyncSession, outbound_id: int) -> Envelope | None:
    """Mark the message as being sent and hand it over; None when there is nothing to
    send (already sent, removed, or held for want of an SMTP server)."""
    mail = await session.get(OutboundMail, outbound_id, with_for_update=True)
    if mail is None or mail.state not in (OutboxState.QUEUED, OutboxState.SENDING):
        return None
    smtp_url = await _smtp_url(session, mail)
    if smtp_url is None:
        mail.state, mail.last_error = OutboxState.HELD, NO_SMTP_SERVER
        await session.flush()
        return None
    mail.state = OutboxState.SENDING
    mail.attempts += 1
    await session.flush()
    return Envelope(
        smtp_url=smtp_url,
        message_id=mail.message_id,
        sender=mail.sender,
        recipients=list(mail.recipients),
        cc=list(mail.cc),
        reply_to=mail.reply_to,
        subject=mail.subject,
        in_reply_to=mail.in_reply_to,
        references=list(mail.references),
        html_body=mail.html_body,
        text_body=mail.text_body,
    )


async def _smtp_url(session: AsyncSession, mail: OutboundMail) -> str | None:
    work = unit_of_work(session)
    mailbox = await session.get(Mailbox, mail.mailbox_id) if mail.mailbox_id else None
    if mailbox is not None and mailbox.smtp_url:
        return decrypt_secret(work.keys, mailbox.smtp_url)
    default = work.settings.smtp_url
    return default.get_secret_value() if default is not None else None


async def mark_sent(session: AsyncSession, outbound_id: int) -> None:
    mail = await session.get(OutboundMail, outbound_id, with_for_update=True)
    if mail is not None:
        mail.state, mail.sent_at, mail.last_error = OutboxState.SENT, utcnow(), None
        await session.flush()


async def record_failed_try(
    session: AsyncSession, outbound_id: int, error: str, *, last_try: bool
) -> None:
    mail = await session.get(OutboundMail, outbound_id, with_for_update=True)
    if mail is not None and mail.state != OutboxState.SENT:
        mail.state = OutboxState.FAILED if last_try else OutboxState.QUEUED
        mail.last_error = error
        await session.flush()


async def list_outbox(
    session: AsyncSession, state: OutboxState | None = None, *, limit: int = 100
) -> list[OutboundMail]:
    """The newest messages first, optionally only those in ``state``."""
    statement = select(OutboundMail).order_by(OutboundMail.id.desc()).limit(limit)
    if state is not None:
        statement = statement.where(OutboundMail.state == state)
    return list(await session.scalars(statement))


async def retry_mail(session: AsyncSession, ids: Sequence[int] = ()) -> list[OutboundMail]:
    """Queue held and failed messages again (those of ``ids``, or all of them)."""
    statement = select(OutboundMail).where(OutboundMail.state.in_(RETRYABLE))
    if ids:
        statement = statement.where(OutboundMail.id.in_(ids))
    retried = list(await session.scalars(statement.order_by(OutboundMail.id)))
    for mail in retried:
        mail.state = OutboxState.QUEUED
        await enqueue(session, SEND_MAIL, {"outbound_mail_id": mail.id})
    await session.flush()
    return retried
