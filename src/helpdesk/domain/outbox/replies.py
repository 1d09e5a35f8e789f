"""Replies that leave by mail: the thread is added and its mail queued in one transaction."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.outbox.service import queue_agent_reply
from helpdesk.domain.tickets import threads
from helpdesk.domain.tickets.models import Thread, ThreadType, Ticket


async def reply(
    session: AsyncSession, actor: Actor, ticket_id: int, given: threads.Reply
) -> Thread:
    """Add a thread to a ticket; an agent's reply is also mailed to the customer (and the
    collaborators), after the transaction commits. Notes and forwards are not mailed."""
    thread = await threads.reply(session, actor, ticket_id, given)
    if thread.thread_type == ThreadType.REPLY and thread.user_type == "agent":
        ticket = await session.get(Ticket, ticket_id)
        if ticket is not None:
            await queue_agent_reply(session, ticket, thread)
    return thread
