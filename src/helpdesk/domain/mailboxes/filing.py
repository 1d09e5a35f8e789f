"""Putting one parsed message on a ticket: a new ticket, or a thread on the one it
answers; its files, its inline images linked, the people in copy as collaborators."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.files.service import Upload, store
from helpdesk.domain.identity import repository as people
from helpdesk.domain.identity.models import User
from helpdesk.domain.mailboxes.addresses import parse_reply_address
from helpdesk.domain.mailboxes.matching import is_staff
from helpdesk.domain.mailboxes.parsing import Address, ParsedMail
from helpdesk.domain.shared.errors import PayloadTooLarge
from helpdesk.domain.shared.unit_of_work import publish, unit_of_work
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.models import Thread, ThreadAttachment, ThreadType, Ticket
from helpdesk.domain.tickets.service import (
    TicketDraft,
    add_thread,
    clean_html,
    customer_for,
    open_ticket,
)
from helpdesk.domain.tickets.threads import thread_trigger

SOURCE = "email"
INLINE_IMAGE_URL = "/api/ticket/attachment/{id}.json"
"""Where the UVdesk face serves a thread attachment: ``cid:`` references point here."""
NO_SUBJECT = "(no subject)"
MAX_COLLABORATORS_ADDED = 20
_CID = re.compile(r"""cid:([^"'\s>)]+)""", re.IGNORECASE)
_THREAD_MESSAGE_ID_LENGTH = 255


@dataclass(frozen=True, slots=True)
class Placed:
    ticket: Ticket
    thread: Thread


@dataclass(slots=True)
class Filing:
    """One message on its way onto a ticket.

    ``own`` holds our mailboxes' addresses (never collaborators); ``stored`` collects
    the storage keys of the files kept, so the caller can remove them if the placement
    is rolled back."""

    session: AsyncSession
    mail: ParsedMail
    sender: Address
    mailbox_id: int | None
    own: dict[str, int]
    stored: list[str]
    answerable: bool = True
    """False for mail nothing may answer automatically (imported history)."""

    async def open(self, *, status_id: int | None = None, answerable: bool = True) -> Placed:
        """A new ticket with the sender as customer and the people in Cc collaborating;
        ``answerable`` False keeps workflows from mailing about it (spam)."""
        ticket, thread = await open_ticket(
            self.session,
            TicketDraft(
                subject=(self.mail.subject or NO_SUBJECT)[:1000],
                reply=self.mail.html,
                customer_email=self.sender.email,
                customer_name=self.sender.name,
                status_id=status_id,
                source=SOURCE,
                mailbox_id=self.mailbox_id,
                message_id=self._thread_message_id,
                answerable=answerable and self.answerable,
            ),
        )
        if self.mail.files:
            await self._attach_files(thread, ticket.customer_id)
            await search.index_ticket(self.session, ticket.id)
        await self._add_collaborators(ticket, self.mail.cc)
        return Placed(ticket, thread)

    async def join(self, ticket: Ticket) -> Placed:
        """A reply on ``ticket``: an agent's, the customer's, or a collaborator's (anyone
        else who writes, typically someone who was in copy, becomes one)."""
        user = await people.user_by_email(self.session, self.sender.email)
        staff = user is not None and await is_staff(self.session, user.id)
        if user is None or not staff:
            user = await customer_for(self.session, self.sender.email, self.sender.name)
        user_type = "agent" if staff else _participant_type(ticket, user)
        if user_type == "collaborator":
            await self._add_collaborators(ticket, [self.sender])
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
        trigger = thread_trigger(ThreadType.REPLY, user_type)
        if trigger is not None:
            publish(
                self.session,
                ticket.id,
                trigger,
                thread_id=thread.id,
                user_type=user_type,
                answerable=self.answerable,
            )
        return Placed(ticket, thread)

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
