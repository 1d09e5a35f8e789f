"""Deleting tickets for good, with everything that hangs off them."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.files import service as files
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.models import Thread, ThreadAttachment, Ticket


async def erase_tickets(session: AsyncSession, ticket_ids: Collection[int]) -> None:
    """Remove tickets, their threads and search entries now, their files after commit
    (``service.delete_tickets`` is the entry point the other areas use)."""
    if not ticket_ids:
        return
    owned = list(
        await session.scalars(
            select(ThreadAttachment.file_id)
            .join(Thread, Thread.id == ThreadAttachment.thread_id)
            .where(Thread.ticket_id.in_(ticket_ids))
        )
    )
    for ticket_id in ticket_ids:
        await search.forget_ticket(session, ticket_id)
    await session.execute(
        delete(Ticket).where(Ticket.id.in_(ticket_ids)),
        execution_options={"synchronize_session": "fetch"},
    )
    await files.discard(session, owned)


async def erase_thread(session: AsyncSession, thread: Thread) -> None:
    """Remove one thread now and its files after commit."""
    owned = list(
        await session.scalars(
            select(ThreadAttachment.file_id).where(ThreadAttachment.thread_id == thread.id)
        )
    )
    await session.delete(thread)
    await session.flush()
    await files.discard(session, owned)
