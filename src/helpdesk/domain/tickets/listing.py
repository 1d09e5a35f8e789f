"""The ticket list: filters, full-text search, sorting, paging, and the counts beside it.

Every figure is computed for the whole page or the whole scope in one query, so the
number of queries does not grow with the number of tickets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, case, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from helpdesk.domain.identity.models import User
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.listing import Page, fetch_numbered_page
from helpdesk.domain.support.models import SupportLabel, ticket_tags
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.access import visible_tickets
from helpdesk.domain.tickets.models import (
    Thread,
    ThreadAttachment,
    ThreadType,
    Ticket,
    ticket_labels,
)

PER_PAGE = 15


@dataclass(frozen=True, slots=True)
class TicketFilters:
    page: int = 1
    new: bool = False
    unassigned: bool = False
    mine: bool = False
    starred: bool = False
    trashed: bool = False
    label: int | None = None
    status: int | None = None
    agent: int | None = None
    customer: int | None = None
    priority: int | None = None
    group: int | None = None
    team: int | None = None
    tag: int | None = None
    mailbox: int | None = None
    search: str | None = None
    sort: str = "t.id"
    descending: bool = False


@dataclass(frozen=True, slots=True)
class LabelCount:
    label: SupportLabel
    tickets: int


async def list_tickets(session: AsyncSession, actor: Actor, filters: TicketFilters) -> Page[Ticket]:
    statement = select(Ticket).where(visible_tickets(actor), *_conditions(session, actor, filters))
    return await fetch_numbered_page(
        session,
        statement,
        page=filters.page,
        per_page=PER_PAGE,
        order=[_sort_key(filters)],
        primary_key=Ticket.id,
    )


def _conditions(
    session: AsyncSession, actor: Actor, filters: TicketFilters
) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = [Ticket.is_trashed.is_(filters.trashed)]
    flags = {
        "new": Ticket.is_new.is_(True),
        "unassigned": Ticket.agent_id.is_(None),
        "mine": Ticket.agent_id == actor.user_id,
        "starred": Ticket.is_starred.is_(True),
    }
    found += [condition for name, condition in flags.items() if getattr(filters, name)]
    equalities = {
        "status": Ticket.status_id,
        "agent": Ticket.agent_id,
        "customer": Ticket.customer_id,
        "priority": Ticket.priority_id,
        "group": Ticket.group_id,
        "team": Ticket.team_id,
        "mailbox": Ticket.mailbox_id,
    }
    found += [
        column == getattr(filters, name)
        for name, column in equalities.items()
        if getattr(filters, name) is not None
    ]
    if filters.label is not None:
        found.append(
            Ticket.id.in_(
                select(ticket_labels.c.ticket_id).where(ticket_labels.c.label_id == filters.label)
            )
        )
    if filters.tag is not None:
        found.append(
            Ticket.id.in_(
                select(ticket_tags.c.ticket_id).where(ticket_tags.c.tag_id == filters.tag)
            )
        )
    if filters.search:
        found.append(search.matching(session, filters.search))
    return found


def _sort_key(filters: TicketFilters) -> ColumnElement[Any]:
    agent, customer = aliased(User), aliased(User)
    keys: dict[str, ColumnElement[Any]] = {
        "t.updatedAt": Ticket.updated_at.expression,
        "agentName": select(agent.first_name).where(agent.id == Ticket.agent_id).scalar_subquery(),
        "c.email": select(customer.email)
        .where(customer.id == Ticket.customer_id)
        .scalar_subquery(),
        "name": select(customer.first_name)
        .where(customer.id == Ticket.customer_id)
        .scalar_subquery(),
    }
    key = keys.get(filters.sort, Ticket.id.expression)
    return key.desc() if filters.descending else key.asc()


async def status_tabs(session: AsyncSession, actor: Actor) -> dict[int, int]:
    """Untrashed tickets per status, in the caller's scope."""
    rows = await session.execute(
        select(Ticket.status_id, func.count(Ticket.id))
        .where(visible_tickets(actor), Ticket.is_trashed.is_(False))
        .group_by(Ticket.status_id)
    )
    return {status_id: int(count) for status_id, count in rows.all()}


async def predefined_counts(session: AsyncSession, actor: Actor) -> dict[str, int]:
    live = Ticket.is_trashed.is_(False)

    def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    row = (
        await session.execute(
            select(
                counted(live),
                counted(and_(live, Ticket.is_new.is_(True))),
                counted(and_(live, Ticket.agent_id.is_(None))),
                counted(and_(live, Ticket.is_replied.is_(False))),
                counted(and_(live, Ticket.agent_id == actor.user_id)),
                counted(and_(live, Ticket.is_starred.is_(True))),
                counted(Ticket.is_trashed.is_(True)),
            ).where(visible_tickets(actor))
        )
    ).one()
    names = ("all", "new", "unassigned", "notreplied", "mine", "starred", "trashed")
    return {name: int(value) for name, value in zip(names, row, strict=True)}


async def label_counts(session: AsyncSession, actor: Actor) -> list[LabelCount]:
    if actor.support is None:
        return []
    counts = (
        select(ticket_labels.c.label_id, func.count(Ticket.id).label("tickets"))
        .join(Ticket, Ticket.id == ticket_labels.c.ticket_id)
        .where(visible_tickets(actor), Ticket.is_trashed.is_(False))
        .group_by(ticket_labels.c.label_id)
        .subquery()
    )
    rows = await session.execute(
        select(SupportLabel, func.coalesce(counts.c.tickets, 0))
        .outerjoin(counts, counts.c.label_id == SupportLabel.id)
        .where(SupportLabel.user_instance_id == actor.support.instance_id)
        .order_by(SupportLabel.id)
    )
    return [LabelCount(label, int(count)) for label, count in rows.all()]


async def thread_counts(session: AsyncSession, ticket_ids: Sequence[int]) -> dict[int, int]:
    """Threads after the opening one, per ticket."""
    if not ticket_ids:
        return {}
    rows = await session.execute(
        select(Thread.ticket_id, func.count(Thread.id))
        .where(Thread.ticket_id.in_(ticket_ids), Thread.thread_type != ThreadType.CREATE)
        .group_by(Thread.ticket_id)
    )
    return {ticket_id: int(count) for ticket_id, count in rows.all()}


async def with_attachments(session: AsyncSession, ticket_ids: Sequence[int]) -> set[int]:
    if not ticket_ids:
        return set()
    found: Select[int] = (
        select(Thread.ticket_id)
        .join(ThreadAttachment, ThreadAttachment.thread_id == Thread.id)
        .where(Thread.ticket_id.in_(ticket_ids))
        .distinct()
    )
    return set((await session.scalars(found)).all())
