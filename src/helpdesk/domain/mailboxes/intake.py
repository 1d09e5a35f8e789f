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
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.mailboxes import quarantine
from helpdesk.domain.mailboxes.addresses import parse_reply_address
from helpdesk.domain.mailboxes.filing import Filing, Placed
from helpdesk.domain.mailboxes.matching import NEW, match_ticket
from helpdesk.domain.mailboxes.models import Direction, Mailbox, MailMessage
from helpdesk.domain.mailboxes.parsing import ParsedMail, parse
from helpdesk.domain.mailboxes.spam import is_blocked
from helpdesk.domain.shared.unit_of_work import unit_of_work

log = logging.getLogger(__name__)

SPAM_STATUS = 5
DUPLICATE = "duplicate"
DELETED_TICKET = "deleted-ticket"
OWN_ADDRESS = "own-address"
SPAM = "spam"
IMPORT = "import"
"""Mail taken in from storage (``helpdesk mail import``): history, never answered."""


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
    events = unit_of_work(session).pending_events
    published = len(events)
    try:
        async with session.begin_nested():
            return await _place(session, mail, delivery, stored)
    except IntegrityError as exc:
        del events[published:]  # the placement they tell of was rolled back
        _forget_bytes(session, stored)
        if await _recorded(session, mail.message_id):  # a concurrent intake placed it first
            return Ingested(Outcome.DUPLICATE, mail.message_id, matched_by=DUPLICATE)
        return await _set_aside(session, raw, delivery, exc, message_id=mail.message_id)
    except Exception as exc:  # any failure sets the message aside
        del events[published:]
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
    filing = Filing(
        session,
        mail,
        mail.sender,
        record.mailbox_id,
        own,
        stored,
        answerable=delivery.via != IMPORT,
    )
    if await is_blocked(session, mail.sender.email):
        spam = await filing.open(status_id=SPAM_STATUS, answerable=False)
        return _placed(record, Outcome.CREATED, spam, SPAM, answerable=False)
    match = await match_ticket(session, mail, recipients, unit_of_work(session).keys)
    if match.is_new:
        return _placed(record, Outcome.CREATED, await filing.open(), NEW)
    if match.ticket is None:
        record.matched_by = DELETED_TICKET  # mail never brings back a ticket deleted for good
        return _ignored(mail, DELETED_TICKET)
    return _placed(record, Outcome.THREADED, await filing.join(match.ticket), match.rule)


def _placed(
    record: MailMessage, outcome: Outcome, placed: Placed, rule: str, *, answerable: bool = True
) -> Ingested:
    record.ticket_id, record.thread_id = placed.ticket.id, placed.thread.id
    record.matched_by = rule
    return Ingested(
        outcome,
        record.message_id,
        ticket_id=placed.ticket.id,
        thread_id=placed.thread.id,
        matched_by=rule,
        answerable=answerable,
    )


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
