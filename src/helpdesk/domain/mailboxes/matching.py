"""The threading engine: which ticket, if any, an incoming message belongs to.

Rules in order of trust: In-Reply-To, then the References chain (newest first), both
looked up among every Message-ID we received or sent; then a per-ticket reply address
among the recipients (signed, so it cannot be guessed); then a ticket number in the
subject, which anyone can type, so it only counts when the sender already takes part
in that ticket (its customer, a collaborator, or an agent)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.keys import Keys
from helpdesk.domain.identity.models import SupportRole, User, UserInstance
from helpdesk.domain.mailboxes.addresses import parse_reply_address
from helpdesk.domain.mailboxes.models import Direction, MailMessage
from helpdesk.domain.mailboxes.parsing import ParsedMail
from helpdesk.domain.tickets.models import Ticket

NEW = "new"
IN_REPLY_TO = "in-reply-to"
REFERENCES = "references"
REPLY_ADDRESS = "reply-address"
SUBJECT = "subject"
PLACED = frozenset({NEW, IN_REPLY_TO, REFERENCES, REPLY_ADDRESS, SUBJECT})
"""``matched_by`` values of inbound mail that went onto a ticket."""
STAFF_ROLES = (SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT)
_REFERENCES_LOOKED_AT = 50
_TICKET_NUMBER = re.compile(r"(?<![\w#])#(\d{1,18})\b")


@dataclass(frozen=True, slots=True)
class Match:
    rule: str
    ticket: Ticket | None
    """None with a threading rule: the ticket it belongs to was deleted for good."""

    @property
    def is_new(self) -> bool:
        return self.rule == NEW


NO_MATCH = Match(NEW, None)


async def match_ticket(
    session: AsyncSession, mail: ParsedMail, recipients: Sequence[str], keys: Keys
) -> Match:
    return (
        await _by_message_ids(session, mail)
        or await _by_reply_address(session, recipients, keys)
        or await _by_subject(session, mail)
        or NO_MATCH
    )


async def is_staff(session: AsyncSession, user_id: int) -> bool:
    found = await session.scalar(
        select(UserInstance.id).where(
            UserInstance.user_id == user_id, UserInstance.role.in_(STAFF_ROLES)
        )
    )
    return found is not None


async def _by_message_ids(session: AsyncSession, mail: ParsedMail) -> Match | None:
    wanted = [(IN_REPLY_TO, mid) for mid in mail.in_reply_to] + [
        (REFERENCES, mid) for mid in reversed(mail.references[-_REFERENCES_LOOKED_AT:])
    ]
    if not wanted:
        return None
    rows = {
        row.message_id: row
        for row in await session.scalars(
            select(MailMessage).where(MailMessage.message_id.in_({mid for _, mid in wanted}))
        )
    }
    for rule, message_id in wanted:
        row = rows.get(message_id)
        if row is None:
            continue
        if row.ticket_id is not None:
            return Match(rule, await session.get(Ticket, row.ticket_id))
        if row.direction == Direction.OUTBOUND or row.matched_by in PLACED:
            return Match(rule, None)  # its ticket was deleted for good
    return None


async def _by_reply_address(
    session: AsyncSession, recipients: Sequence[str], keys: Keys
) -> Match | None:
    for address in recipients:
        found = parse_reply_address(address, keys)
        if found is not None:
            # The signature proves we issued it: a missing ticket was deleted for good.
            return Match(REPLY_ADDRESS, await session.get(Ticket, found[1]))
    return None


async def _by_subject(session: AsyncSession, mail: ParsedMail) -> Match | None:
    number = _TICKET_NUMBER.search(mail.subject)
    if number is None or mail.sender is None:
        return None
    ticket = await session.scalar(select(Ticket).where(Ticket.increment_id == int(number[1])))
    if ticket is None:
        return None
    sender = await session.scalar(select(User).where(User.email == mail.sender.email))
    if sender is None or not await _takes_part(session, ticket, sender):
        return None  # anyone can type a number: an outsider opens a ticket of their own
    return Match(SUBJECT, ticket)


async def _takes_part(session: AsyncSession, ticket: Ticket, user: User) -> bool:
    if ticket.customer_id == user.id or user.id in {c.id for c in ticket.collaborators}:
        return True
    return await is_staff(session, user.id)
