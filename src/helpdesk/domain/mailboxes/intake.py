"""The ingest service: one raw message in, a ticket or a thread (or a reason) out.

Every entry point (the SMTP listener, the IMAP poller, the HTTP route, the import
command, a quarantine retry) calls ``ingest`` once per message inside its own unit of
work. Ingest never raises for a bad message: what cannot be parsed or placed goes to the
quarantine and the caller moves on. The Message-ID is claimed first, under the table's
unique constraint, so the same message arriving twice (a re-fetch, two pollers, a
retried webhook) is placed once and reported as a duplicate after that."""

from __future__ import annotations

import enum
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.files.service import Upload, store
from helpdesk.domain.identity import repository as people
from helpdesk.domain.identity.models import User
from helpdesk.domain.mailboxes import quarantine
from helpdesk.domain.mailboxes.addresses import parse_reply_address
from helpdesk.domain.mailboxes.matching import NEW, Match, is_staff, match_ticket
from helpdesk.domain.mailboxes.models import Direction, Mailbox, MailMessage
from helpdesk.domain.mailboxes.parsing import Address, ParsedMail, parse
from helpdesk.domain.mailboxes.spam import is_blocked
from helpdesk.domain.shared.errors import PayloadTooLarge
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.models import Thread, ThreadAttachment, ThreadType, Ticket
from helpdesk.domain.tickets.service import (
    TicketDraft,
    add_thread,
    clean_html,
    customer_for,
    open_ticket,
)

log = logging.getLogger(__name__)

SOURCE = "email"
SPAM_STATUS = 5
INLINE_IMAGE_URL = "/api/ticket/attachment/{id}.json"
"""Where the UVdesk face serves a thread attachment: ``cid:`` references point here."""
NO_SUBJECT = "(no subject)"
MAX_COLLABORATORS_ADDED = 20
DUPLICATE = "duplicate"
DELETED_TICKET = "deleted-ticket"
OWN_ADDRESS = "own-address"
SPAM = "spam"
_CID = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)
_THREAD_MESSAGE_ID_LENGTH = 255


class Outcome(enum.StrEnum):
    CREATED = "created"
    THREADED = "threaded"
    DUPLICATE = "duplicate"
    IGNORED = "ignored"
    QUARANTINED = "quarantined"


@dataclass(frozen=True, slots=True)
class Ingested:
    """What became of one message."""

    outcome: Outcome
    message_id: str | None
    ticket_id: int | None = None
    thread_id: int | None = None
    matched_by: str | None = None
    """The threading rule that placed it, or why it was set aside."""
    reason: str | None = None
    quarantine_id: int | None = None
    answerable: bool = True
    """False for mail nothing may answer automatically: machine-written mail, spam."""


@dataclass(frozen=True, slots=True)
class Delivery:
    """How a message reached us."""

    via: str
    envelope_recipients: Sequence[str] = ()
    mailbox_id: int | None = None


async def ingest(
    session: AsyncSession,
    raw: bytes,
    *,
    envelope_recipients: Sequence[str] = (),
    via: str,
    mailbox_id: int | None = None,
) -> Ingested:
    """Place one raw RFC 822 message, inside the caller's unit of work.

    ``mailbox_id`` names the mailbox when the entry point knows it (IMAP, the HTTP
    route); otherwise the recipients decide. Never raises for a bad message."""
    delivery = Delivery(via, tuple(envelope_recipients), mailbox_id)
    try:
        mail = parse(raw)
    except Exception as exc:  # any failure sets the message aside
        return await _set_aside(session, raw, delivery, exc, message_id=None)
    if await _recorded(session, mail.message_id):
        return Ingested(Outcome.DUPLICATE, mail.message_id, matched_by=DUPLICATE)
    stored: list[str] = []
    try:
        async with session.begin_nested():
            return await _place(session, mail, delivery, stored)
    except IntegrityError as exc:
        _forget_bytes(session, stored)
        if await _recorded(session, mail.message_id):  # a concurrent intake placed it first
            return Ingested(Outcome.DUPLICATE, mail.message_id, matched_by=DUPLICATE)
        return await _set_aside(session, raw, delivery, exc, message_id=mail.message_id)
    except Exception as exc:  # any failure sets the message aside
        _forget_bytes(session, stored)
        return await _set_aside(session, raw, delivery, exc, message_id=mail.message_id)


async def retry_quarantined(session: AsyncSession, item_id: int) -> Ingested:
    """Ingest a quarantined message again; once it goes through it leaves the quarantine."""
    item = await quarantine.quarantined(session, item_id)
    raw = await quarantine.raw_message(session, item)
    result = await ingest(
        session,
        raw,
        envelope_recipients=item.recipients,
        via=item.via,
        mailbox_id=item.mailbox_id,
    )
    if result.outcome != Outcome.QUARANTINED:
        await quarantine.drop(session, item.id)
    return result


async def _place(
    session: AsyncSession, mail: ParsedMail, delivery: Delivery, stored: list[str]
) -> Ingested:
    own = await _own_addresses(session)
    recipients = _recipients(mail, delivery)
    record = MailMessage(
        message_id=mail.message_id,
        direction=Direction.INBOUND,
        mailbox_id=await _mailbox_id(session, delivery, recipients, own),
    )
    session.add(record)
    await session.flush()  # claims the Message-ID: a concurrent twin fails here
    if mail.automatic is not None:
        record.matched_by = mail.automatic
        return _ignored(mail, mail.automatic, answerable=False)
    if mail.sender is None:
        raise ValueError("The message names no sender (From).")
    if mail.sender.email in own:
        record.matched_by = OWN_ADDRESS  # our own mail come back: answering it would loop
        return _ignored(mail, OWN_ADDRESS, answerable=False)
    filing = _Filing(session, mail, record, stored, own)
    if await is_blocked(session, mail.sender.email):
        return await filing.open(SPAM, status_id=SPAM_STATUS)
    match = await match_ticket(session, mail, recipients, unit_of_work(session).keys)
    if match.is_new:
        return await filing.open(NEW)
    if match.ticket is None:
        record.matched_by = DELETED_TICKET  # mail never brings back a ticket deleted for good
        return _ignored(mail, DELETED_TICKET)
    return await filing.join(match)


@dataclass(slots=True)
class _Filing:
    """Putting one parsed message on a ticket, and recording where it went."""

    session: AsyncSession
    mail: ParsedMail
    record: MailMessage
    stored: list[str]
    own: dict[str, int]

    async def open(self, rule: str, *, status_id: int | None = None) -> Ingested:
        sender = self._sender
        ticket, thread = await open_ticket(
            self.session,
            TicketDraft(
                subject=(self.mail.subject or NO_SUBJECT)[:1000],
                reply=self.mail.html,
                customer_email=sender.email,
                customer_name=sender.name,
                status_id=status_id,
                source=SOURCE,
                mailbox_id=self.record.mailbox_id,
                message_id=self._thread_message_id,
            ),
        )
        if self.mail.files:
            await self._attach_files(thread, ticket.customer_id)
            await search.index_ticket(self.session, ticket.id)
        await self._add_collaborators(ticket, self.mail.cc)
        return self._placed(Outcome.CREATED, ticket, thread, rule, answerable=rule != SPAM)

    async def join(self, match: Match) -> Ingested:
        assert match.ticket is not None  # noqa: S101
        ticket, sender = match.ticket, self._sender
        user = await people.user_by_email(self.session, sender.email)
        staff = user is not None and await is_staff(self.session, user.id)
        if user is None or not staff:
            user = await customer_for(self.session, sender.email, sender.name)
        user_type = "agent" if staff else _participant_type(ticket, user)
        if user_type == "collaborator":
            await self._add_collaborators(ticket, [sender])
        thread = await add_thread(
            self.session,
            ticket,
            author=user,
            user_type=user_type,
            thread_type=ThreadType.REPLY,
            message=self.mail.html,
            source=SOURCE,
            cc=[person.email for person in self.mail.cc] or None,
            message_id=self._thread_message_id,
        )
        if staff:
            ticket.is_replied, ticket.is_new = True, False
            ticket.agent_last_replied_at = utcnow()
        await self._attach_files(thread, user.id)
        await search.index_ticket(self.session, ticket.id)
        await self._add_collaborators(ticket, self.mail.cc)
        return self._placed(Outcome.THREADED, ticket, thread, match.rule)

    @property
    def _sender(self) -> Address:
        assert self.mail.sender is not None  # noqa: S101  (checked before filing)
        return self.mail.sender

    @property
    def _thread_message_id(self) -> str | None:
        """Threads keep a Message-ID that fits their column; ``mail_messages`` has them all."""
        message_id = self.mail.message_id
        return message_id if len(message_id) <= _THREAD_MESSAGE_ID_LENGTH else None

    async def _attach_files(self, thread: Thread, author_id: int) -> None:
        """The message's files on ``thread``, and its body again with inline images linked
        (the ``cid:`` references need the attachments' ids)."""
        if not self.mail.files:
            return
        links: dict[str, str] = {}
        left_out: list[str] = []
        for part in self.mail.files:
            try:
                kept = await store(
                    self.session,
                    Upload(part.chunks(), part.filename, part.content_type),
                    uploaded_by_id=author_id,
                )
            except PayloadTooLarge:
                left_out.append(part.filename)
                continue
            self.stored.append(kept.storage_key)
            attachment = ThreadAttachment(file_id=kept.id)
            thread.attachments.append(attachment)
            await self.session.flush()
            if part.content_id:
                links[part.content_id] = INLINE_IMAGE_URL.format(id=attachment.id)
        thread.message = clean_html(_linked(self.mail.html, links) + _left_out_note(left_out))
        await self.session.flush()

    async def _add_collaborators(self, ticket: Ticket, people_in_copy: Sequence[Address]) -> None:
        known = {ticket.customer_id, *(user.id for user in ticket.collaborators)}
        keys = unit_of_work(self.session).keys
        for person in people_in_copy[:MAX_COLLABORATORS_ADDED]:
            if person.email in self.own or parse_reply_address(person.email, keys) is not None:
                continue
            user = await people.user_by_email(self.session, person.email)
            if user is not None and (user.id in known or await is_staff(self.session, user.id)):
                continue
            user = await customer_for(self.session, person.email, person.name)
            ticket.collaborators.append(user)
            known.add(user.id)
        await self.session.flush()

    def _placed(
        self,
        outcome: Outcome,
        ticket: Ticket,
        thread: Thread,
        rule: str,
        *,
        answerable: bool = True,
    ) -> Ingested:
        self.record.ticket_id, self.record.thread_id = ticket.id, thread.id
        self.record.matched_by = rule
        return Ingested(
            outcome,
            self.mail.message_id,
            ticket_id=ticket.id,
            thread_id=thread.id,
            matched_by=rule,
            answerable=answerable,
        )


def _participant_type(ticket: Ticket, user: User) -> str:
    return "customer" if user.id == ticket.customer_id else "collaborator"


def _linked(body: str, links: dict[str, str]) -> str:
    """``cid:`` references to parts of the message, pointed at the stored attachments."""

    def swap(found: re.Match[str]) -> str:
        return links.get(found[1].strip("<>"), found[0])

    return _CID.sub(swap, body) if links else body


def _left_out_note(names: list[str]) -> str:
    if not names:
        return ""
    listed = ", ".join(names)
    return f"<p><em>Attachments over the size limit were not kept: {listed}.</em></p>"


def _ignored(mail: ParsedMail, reason: str, *, answerable: bool = True) -> Ingested:
    return Ingested(
        Outcome.IGNORED, mail.message_id, matched_by=reason, reason=reason, answerable=answerable
    )


def _recipients(mail: ParsedMail, delivery: Delivery) -> list[str]:
    named = [person.email for person in (*mail.to, *mail.cc)]
    return list(dict.fromkeys(a.strip().lower() for a in (*delivery.envelope_recipients, *named)))


async def _own_addresses(session: AsyncSession) -> dict[str, int]:
    """Every address our mailboxes use, public and receiving, with its mailbox id."""
    rows = await session.execute(select(Mailbox.id, Mailbox.email, Mailbox.mailbox_email))
    own: dict[str, int] = {}
    for mailbox_id, email, receiving in rows:
        own.setdefault(receiving.lower(), mailbox_id)
        own.setdefault(email.lower(), mailbox_id)
    return own


async def _mailbox_id(
    session: AsyncSession, delivery: Delivery, recipients: list[str], own: dict[str, int]
) -> int | None:
    if delivery.mailbox_id is not None:
        return delivery.mailbox_id
    keys = unit_of_work(session).keys
    for address in recipients:
        reply = parse_reply_address(address, keys)
        receiving = reply[0] if reply else address
        if receiving in own:
            return own[receiving]
    return None


async def _recorded(session: AsyncSession, message_id: str) -> bool:
    found = await session.scalar(select(MailMessage.id).where(MailMessage.message_id == message_id))
    return found is not None


async def _set_aside(
    session: AsyncSession,
    raw: bytes,
    delivery: Delivery,
    error: Exception,
    *,
    message_id: str | None,
) -> Ingested:
    reason = f"{type(error).__name__}: {error}"
    log.warning("mail set aside", extra={"via": delivery.via, "reason": reason}, exc_info=error)
    kept = await quarantine.set_aside(
        session,
        raw,
        reason=reason,
        via=delivery.via,
        mailbox_id=delivery.mailbox_id,
        recipients=delivery.envelope_recipients,
        message_id=message_id,
    )
    return Ingested(
        Outcome.QUARANTINED, message_id, reason=reason, quarantine_id=kept.id, answerable=False
    )


def _forget_bytes(session: AsyncSession, stored: list[str]) -> None:
    """Bytes stored for a placement that was rolled back (its savepoint, not the whole
    transaction, so the unit's own rollback cleanup will not run for them)."""
    keys = list(stored)
    stored.clear()
    if not keys:
        return
    work = unit_of_work(session)

    async def remove() -> None:
        for key in keys:
            await work.storage.delete(key)

    work.after_commit(remove)
    work.on_rollback(remove)
