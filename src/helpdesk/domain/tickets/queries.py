"""Reads other areas and the API faces need from tickets, as plain results."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.tickets.models import Thread, Ticket


async def ticket_counts_by_customer(
    session: AsyncSession, user_ids: Sequence[int]
) -> dict[int, int]:
    """How many tickets each of these users raised; users with none are left out."""
    if not user_ids:
        return {}
    rows = await session.execute(
        select(Ticket.customer_id, func.count(Ticket.id))
        .where(Ticket.customer_id.in_(user_ids))
        .group_by(Ticket.customer_id)
    )
    return {user_id: int(count) for user_id, count in rows.all()}


async def opening_thread(session: AsyncSession, ticket_id: int) -> Thread | None:
    """The thread the ticket was raised with (its first)."""
    return await session.scalar(
        select(Thread).where(Thread.ticket_id == ticket_id).order_by(Thread.id).limit(1)
    )
