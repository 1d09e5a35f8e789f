"""Threads of a ticket: replies, forwards and notes; locking and bookmarks."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.files.service import Upload
from helpdesk.domain.identity.access import is_support_admin, is_support_agent
from helpdesk.domain.identity.models import User
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from helpdesk.domain.shared.events import Trigger
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page
from helpdesk.domain.shared.unit_of_work import publish
from helpdesk.domain.support.models import TicketStatus
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.access import readable_threads, require_ticket_privilege, sees_notes
from helpdesk.domain.tickets.models import Thread, ThreadAttachment, ThreadType
from helpdesk.domain.tickets.removal import erase_thread
from helpdesk.domain.tickets.service import (
    UPDATE_STATUS,
    add_thread,
    clean_html,
    get_ticket,
    publish_changes,
    watched_fields,
)

ADD_NOTE = "ROLE_AGENT_ADD_NOTE"
EDIT_NOTE = "ROLE_AGENT_EDIT_THREAD_NOTE"
DELETE_NOTE = "ROLE_AGENT_DELETE_THREAD_NOTE"
LOCK_THREAD = "ROLE_AGENT_MANAGE_LOCK_AND_UNLOCK_THREAD"
THREAD_FIELDS = Fields({"id": Thread.id, "createdAt": Thread.created_at})
WRITABLE = {ThreadType.REPLY, ThreadType.FORWARD, ThreadType.NOTE}


@dataclass(frozen=True, slots=True)
class Reply:
    thread_type: ThreadType
    message: str
    status_id: int | None = None
    to: list[str] | None = None
    files: Sequence[Upload] = ()


async def list_threads(
    session: AsyncSession, actor: Actor, ticket_id: int, query: ListQuery
) -> Page[Thread]:
    ticket = await get_ticket(session, actor, ticket_id)
    statement = select(Thread).where(Thread.ticket_id == ticket.id, readable_threads(actor))
    return await fetch_page(session, statement, THREAD_FIELDS, query, primary_key=Thread.id)


async def reply(session: AsyncSession, actor: Actor, ticket_id: int, given: Reply) -> Thread:
    ticket = await get_ticket(session, actor, ticket_id)
    staff = is_support_agent(actor)
    if given.thread_type not in WRITABLE:
        raise ValidationFailed.for_field("threadType", "threadType must be reply, forward or note.")
    if not given.message.strip():
        raise ValidationFailed.for_field("reply", "reply is required.")
    if given.thread_type != ThreadType.REPLY and not staff:
        raise PermissionDenied("Customers can only reply.")
    if given.thread_type == ThreadType.NOTE:
        require_ticket_privilege(actor, ADD_NOTE)
    author = await session.get(User, actor.user_id)
    if author is None:
        raise NotFound("The calling user no longer exists.")
    thread = await add_thread(
        session,
        ticket,
        author=author,
        user_type="agent" if staff else "customer",
        thread_type=given.thread_type,
        message=given.message,
        files=given.files,
        cc=given.to,
    )
    if staff and given.thread_type == ThreadType.REPLY:
        ticket.is_replied, ticket.is_new = True, False
        ticket.agent_last_replied_at = utcnow()
    before = watched_fields(ticket)
    if given.status_id is not None and staff:
        require_ticket_privilege(actor, UPDATE_STATUS)
        if await session.get(TicketStatus, given.status_id) is None:
            raise ValidationFailed.for_field("status", f"Unknown status {given.status_id}.")
        ticket.status_id = given.status_id
    await session.flush()
    trigger = thread_trigger(thread.thread_type, thread.user_type)
    if trigger is not None:
        publish(session, ticket.id, trigger, thread_id=thread.id, user_type=thread.user_type)
    publish_changes(session, ticket, before)
    await search.index_ticket(session, ticket.id)
    return thread


def thread_trigger(thread_type: ThreadType, user_type: str) -> Trigger | None:
    """The event a new thread is: a reply (by whom) or a note; forwards are none."""
    if thread_type == ThreadType.NOTE:
        return Trigger.NOTE_ADDED
    if thread_type != ThreadType.REPLY:
        return None
    return {
        "agent": Trigger.AGENT_REPLY,
        "customer": Trigger.CUSTOMER_REPLY,
        "collaborator": Trigger.COLLABORATOR_REPLY,
    }.get(user_type)


async def get_thread(session: AsyncSession, actor: Actor, ticket_id: int, thread_id: int) -> Thread:
    ticket = await get_ticket(session, actor, ticket_id)
    thread = await session.scalar(
        select(Thread).where(Thread.id == thread_id, Thread.ticket_id == ticket.id)
    )
    if thread is None or (thread.thread_type == ThreadType.NOTE and not sees_notes(actor)):
        raise NotFound(f"Thread {thread_id} not found.")
    return thread


async def edit_thread(
    session: AsyncSession, actor: Actor, ticket_id: int, thread_id: int, message: str
) -> Thread:
    thread = await _changeable(session, actor, ticket_id, thread_id, EDIT_NOTE)
    if not message.strip():
        raise ValidationFailed.for_field("reply", "reply is required.")
    thread.message = clean_html(message)
    await session.flush()
    await search.index_ticket(session, ticket_id)
    return thread


async def delete_thread(
    session: AsyncSession, actor: Actor, ticket_id: int, thread_id: int
) -> None:
    thread = await _changeable(session, actor, ticket_id, thread_id, DELETE_NOTE)
    if thread.thread_type == ThreadType.CREATE:
        raise Conflict("The thread that opened the ticket cannot be removed.")
    await erase_thread(session, thread)
    await search.index_ticket(session, ticket_id)


async def toggle(
    session: AsyncSession, actor: Actor, ticket_id: int, thread_id: int, update_type: str
) -> bool:
    """``lock`` or ``bookmark``; answers the new state."""
    thread = await get_thread(session, actor, ticket_id, thread_id)
    if update_type == "lock":
        require_ticket_privilege(actor, LOCK_THREAD)
        thread.is_locked = not thread.is_locked
        state = thread.is_locked
    elif update_type == "bookmark":
        if not is_support_agent(actor):
            raise PermissionDenied("Only agents bookmark threads.")
        thread.is_bookmarked = not thread.is_bookmarked
        state = thread.is_bookmarked
    else:
        raise ValidationFailed.for_field("updateType", "updateType must be lock or bookmark.")
    await session.flush()
    return state


async def attachment(session: AsyncSession, actor: Actor, attachment_id: int) -> ThreadAttachment:
    """An attachment of a thread the caller can read, on a ticket the caller can see."""
    found = await session.get(ThreadAttachment, attachment_id)
    if found is None:
        raise NotFound(f"Attachment {attachment_id} not found.")
    thread = await session.get(Thread, found.thread_id)
    if thread is None:
        raise NotFound(f"Attachment {attachment_id} not found.")
    try:
        await get_thread(session, actor, thread.ticket_id, thread.id)
    except NotFound:
        raise NotFound(f"Attachment {attachment_id} not found.") from None
    return found


async def _changeable(
    session: AsyncSession, actor: Actor, ticket_id: int, thread_id: int, note_privilege: str
) -> Thread:
    thread = await get_thread(session, actor, ticket_id, thread_id)
    if thread.is_locked:
        raise Conflict("The thread is locked.")
    if thread.thread_type == ThreadType.NOTE:
        require_ticket_privilege(actor, note_privilege)
    elif thread.user_id != actor.user_id and not is_support_admin(actor):
        raise PermissionDenied("Only the author or an administrator can change this thread.")
    return thread
