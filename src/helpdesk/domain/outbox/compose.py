"""Composing an outbound message for a ticket: template, addresses, threading headers."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from email.utils import formataddr

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import User
from helpdesk.domain.mailboxes.addresses import reply_address
from helpdesk.domain.mailboxes.models import Direction, EmailTemplate, Mailbox, MailMessage
from helpdesk.domain.mailboxes.placeholders import html_to_text, render, ticket_values
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.support.company import company
from helpdesk.domain.tickets.models import Thread, Ticket

log = logging.getLogger(__name__)

REPLY_TO_CUSTOMER = "ticket.reply.customer"
FALLBACK_SUBJECT = "Re: [#{%ticket.id%}] {%ticket.subject%}"
FALLBACK_MESSAGE = "{%ticket.threadMessage%}"
REFERENCES_KEPT = 20
"""References grow with every message; the first and the latest ones are what threading
needs (RFC 5322 3.6.4 allows trimming the middle)."""


@dataclass(frozen=True, slots=True)
class Sender:
    mailbox_id: int | None
    from_header: str
    reply_to: str


@dataclass(frozen=True, slots=True)
class Body:
    subject: str
    html: str
    text: str


def new_message_id(domain: str) -> str:
    """A globally unique Message-ID, without angle brackets."""
    return f"{uuid.uuid4().hex}@{domain}"


async def sender_for(session: AsyncSession, ticket: Ticket) -> Sender:
    """The ticket's mailbox (or the first active one) sends, and receives the replies at
    the ticket's own reply address; with no mailbox at all, the server's default sender."""
    work = unit_of_work(session)
    mailbox = await session.get(Mailbox, ticket.mailbox_id) if ticket.mailbox_id else None
    if mailbox is None:
        mailbox = await session.scalar(
            select(Mailbox).where(Mailbox.is_active.is_(True)).order_by(Mailbox.id).limit(1)
        )
    if mailbox is None:
        address = work.settings.default_sender
        name = (await company(session)).name
        own_reply_address = reply_address(address, ticket.id, work.keys)
        return Sender(None, formataddr((name, address)), own_reply_address)
    return Sender(
        mailbox.id,
        formataddr((mailbox.name, mailbox.email)),
        reply_address(mailbox.mailbox_email, ticket.id, work.keys),
    )


async def earlier_message_ids(session: AsyncSession, ticket_id: int) -> list[str]:
    """Every Message-ID of the ticket so far, in and out, oldest first."""
    found = await session.scalars(
        select(MailMessage.message_id)
        .where(MailMessage.ticket_id == ticket_id)
        .order_by(MailMessage.id)
    )
    return list(found)


async def answered_message_id(session: AsyncSession, ticket_id: int) -> str | None:
    """What a message about the ticket replies to: the latest mail that came in (as a
    mail client answers the message it shows), else the latest we sent."""
    latest = select(MailMessage.message_id).where(MailMessage.ticket_id == ticket_id)
    latest = latest.order_by(MailMessage.id.desc()).limit(1)
    came_in = await session.scalar(latest.where(MailMessage.direction == Direction.INBOUND))
    return came_in if came_in is not None else await session.scalar(latest)


def trimmed_references(message_ids: list[str]) -> list[str]:
    if len(message_ids) <= REFERENCES_KEPT:
        return message_ids
    return [message_ids[0], *message_ids[-(REFERENCES_KEPT - 1) :]]


async def render_template(
    session: AsyncSession,
    code: str,
    ticket: Ticket,
    thread: Thread | None,
    *,
    replying_agent: User | None = None,
) -> Body:
    """The template ``code`` rendered for ``ticket``; unknown placeholders render empty and
    are logged, never stopping the mail."""
    template = await session.scalar(select(EmailTemplate).where(EmailTemplate.code == code))
    return await render_email(session, template, ticket, thread, replying_agent=replying_agent)


async def render_email(
    session: AsyncSession,
    template: EmailTemplate | None,
    ticket: Ticket,
    thread: Thread | None,
    *,
    replying_agent: User | None = None,
) -> Body:
    """``template`` (or the fallback) rendered for ``ticket``."""
    code = template.code if template is not None else None
    subject_template = template.subject if template is not None else FALLBACK_SUBJECT
    message_template = template.message if template is not None else FALLBACK_MESSAGE
    values = ticket_values(
        ticket,
        thread=thread,
        public_url=unit_of_work(session).settings.public_url,
        company_name=(await company(session)).name,
        replying_agent=replying_agent,
    )
    subject = render(subject_template, values, as_html=False)
    message = render(message_template, values, as_html=True)
    unknown = dict.fromkeys(subject.unknown + message.unknown)
    if unknown:
        log.warning(
            "unknown placeholders rendered empty",
            extra={"template": code, "placeholders": list(unknown), "ticket_id": ticket.id},
        )
    one_line_subject = " ".join(subject.text.split())
    return Body(one_line_subject, message.text, html_to_text(message.text))
