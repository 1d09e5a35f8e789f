"""The ticket list: filters, full-text search, sorting, paging, and the counts beside it.

Every figure is computed for the whole page or the whole scope in one query, so the
number of queries does not grow with the number of tickets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, Table, and_, case, func, literal, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute, aliased

from helpdesk.domain.identity.models import User
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.listing import (
    Collection,
    Fields,
    Filter,
    ListQuery,
    Page,
    compile_filter,
    fetch_page,
    filter_paths,
)
from helpdesk.domain.support.access import own_labels, require_staff
from helpdesk.domain.support.models import SupportLabel, SupportTag, article_tags, ticket_tags
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.access import (
    readable_threads,
    sees_every_ticket,
    sees_notes,
    visible_tickets,
)
from helpdesk.domain.tickets.models import (
    Thread,
    ThreadAttachment,
    ThreadType,
    Ticket,
    TicketTally,
    ticket_labels,
)

_AGENT, _CUSTOMER = aliased(User), aliased(User)


def _person(
    user: type[User], column: InstrumentedAttribute[Any], user_id: InstrumentedAttribute[Any]
) -> ColumnElement[Any]:
    """A column of the ticket's agent or customer (``user``, an alias), to sort by."""
    return select(column).where(user.id == user_id).scalar_subquery()


def _related(table: Table, key: str) -> Collection:
    """Tags: ``tags.id`` matches a ticket having that tag."""
    return Collection(table, table.c.ticket_id == Ticket.id, Fields({"id": table.c[key]}))


def _own_labels_of_ticket(actor: Actor) -> Collection:
    """``labels.id`` matches the ticket only through the caller's own labels."""
    own = select(SupportLabel.id).where(own_labels(actor))
    where = and_(ticket_labels.c.ticket_id == Ticket.id, ticket_labels.c.label_id.in_(own))
    return Collection(ticket_labels, where, Fields({"id": ticket_labels.c.label_id}))


TICKET_FIELDS = Fields(
    {
        "id": Ticket.id,
        "updatedAt": Ticket.updated_at,
        "isNew": Ticket.is_new,
        "isStarred": Ticket.is_starred,
        "isTrashed": Ticket.is_trashed,
        "status.id": Ticket.status_id,
        "priority.id": Ticket.priority_id,
        "group.id": Ticket.group_id,
        "team.id": Ticket.team_id,
        "mailbox.id": Ticket.mailbox_id,
        "agent.id": Ticket.agent_id,
        "agent.name": _person(_AGENT, _AGENT.first_name, Ticket.agent_id),
        "customer.id": Ticket.customer_id,
        "customer.email": _person(_CUSTOMER, _CUSTOMER.email, Ticket.customer_id),
        "customer.name": _person(_CUSTOMER, _CUSTOMER.first_name, Ticket.customer_id),
        "tags": _related(ticket_tags, "tag_id"),
    }
)


@dataclass(frozen=True, slots=True)
class LabelCount:
    label: SupportLabel
    tickets: int


async def list_tickets(
    session: AsyncSession, actor: Actor, query: ListQuery, search_text: str | None = None
) -> Page[Ticket]:
    """A page of the tickets the caller sees; ``search_text`` is matched in full text."""
    statement = select(Ticket).where(visible_tickets(actor))
    # ``labels.id`` depends on the caller: labels are private to their agent.
    fields = TICKET_FIELDS.merge(Fields({"labels": _own_labels_of_ticket(actor)}))
    if search_text:
        statement = statement.where(search.matching(session, search_text, notes=sees_notes(actor)))
        total = None
    else:
        total = await _tallied_total(session, actor, query.filter)
    return await fetch_page(
        session, statement, fields, query, primary_key=Ticket.id, known_total=total
    )


# The ticket facets ``ticket_tallies`` counts, as list filters name them.
_TALLIED_FIELDS = Fields(
    {
        "isTrashed": TicketTally.is_trashed,
        "isNew": TicketTally.is_new,
        "isStarred": TicketTally.is_starred,
        "status.id": TicketTally.status_id,
        "agent.id": func.nullif(TicketTally.agent_key, 0, type_=Integer),
    }
)


async def _tallied_total(session: AsyncSession, actor: Actor, found: Filter | None) -> int | None:
    """The number of tickets ``found`` selects, from the tallies, when the caller sees every
    ticket and the filter reads only tallied facets; otherwise ``None`` (count the rows)."""
    if not sees_every_ticket(actor) or not filter_paths(found) <= set(_TALLIED_FIELDS):
        return None
    summed = select(func.coalesce(func.sum(TicketTally.tickets), 0))
    if found is not None:
        summed = summed.where(compile_filter(found, _TALLIED_FIELDS))
    return int(await session.scalar(summed) or 0)


def _tallied(condition: ColumnElement[bool]) -> ColumnElement[int]:
    return func.coalesce(func.sum(case((condition, TicketTally.tickets), else_=0)), 0)


async def status_tabs(session: AsyncSession, actor: Actor) -> dict[int, int]:
    """Untrashed tickets per status, in the caller's scope."""
    if sees_every_ticket(actor):
        tallied = await session.execute(
            select(TicketTally.status_id, _tallied(TicketTally.is_trashed.is_(False))).group_by(
                TicketTally.status_id
            )
        )
        return {status_id: int(count) for status_id, count in tallied.all() if count}
    rows = await session.execute(
        select(Ticket.status_id, func.count(Ticket.id))
        .where(visible_tickets(actor), Ticket.is_trashed.is_(False))
        .group_by(Ticket.status_id)
    )
    return {status_id: int(count) for status_id, count in rows.all()}


_PREDEFINED = ("all", "new", "unassigned", "notreplied", "mine", "starred", "trashed")


async def predefined_counts(session: AsyncSession, actor: Actor) -> dict[str, int]:
    """The counts beside the predefined tabs, from the tallies when the caller sees every
    ticket, otherwise counted over the caller's tickets: the same conditions either way."""
    if sees_every_ticket(actor):
        agent = _TALLIED_FIELDS.paths["agent.id"]
        counts = select(*_predefined(TicketTally, agent, TicketTally.tickets, actor))
    else:
        counts = select(*_predefined(Ticket, Ticket.agent_id, literal(1), actor)).where(
            visible_tickets(actor)
        )
    row = (await session.execute(counts)).one()
    return {name: int(value) for name, value in zip(_PREDEFINED, row, strict=True)}


def _predefined(
    facets: type[Ticket] | type[TicketTally],
    agent: Any,
    weight: ColumnElement[int] | InstrumentedAttribute[int],
    actor: Actor,
) -> list[ColumnElement[int]]:
    """The ``_PREDEFINED`` counts over ``facets`` (tickets, or tallies of them), each row
    weighing ``weight``; ``agent`` is the assigned agent's id, NULL when unassigned."""

    def counted(condition: ColumnElement[bool]) -> ColumnElement[int]:
        return func.coalesce(func.sum(case((condition, weight), else_=0)), 0)

    live = facets.is_trashed.is_(False)
    return [
        counted(live),
        counted(and_(live, facets.is_new.is_(True))),
        counted(and_(live, agent.is_(None))),
        counted(and_(live, facets.is_replied.is_(False))),
        counted(and_(live, agent == actor.user_id)),
        counted(and_(live, facets.is_starred.is_(True))),
        counted(facets.is_trashed.is_(True)),
    ]


async def label_counts(session: AsyncSession, actor: Actor) -> list[LabelCount]:
    if actor.support is None:
        return []
    # Only the caller's own labels, named first: the count then walks those labels'
    # tickets (ix_ticket_labels_label_id_ticket_id), never the whole ticket table.
    counts = (
        select(ticket_labels.c.label_id, func.count(Ticket.id).label("tickets"))
        .join(Ticket, Ticket.id == ticket_labels.c.ticket_id)
        .where(
            ticket_labels.c.label_id.in_(select(SupportLabel.id).where(own_labels(actor))),
            visible_tickets(actor),
            Ticket.is_trashed.is_(False),
        )
        .group_by(ticket_labels.c.label_id)
        .subquery()
    )
    rows = await session.execute(
        select(SupportLabel, func.coalesce(counts.c.tickets, 0))
        .outerjoin(counts, counts.c.label_id == SupportLabel.id)
        .where(own_labels(actor))
        .order_by(SupportLabel.id)
    )
    return [LabelCount(label, int(count)) for label, count in rows.all()]


async def thread_counts(
    session: AsyncSession, actor: Actor, ticket_ids: Sequence[int]
) -> dict[int, int]:
    """Threads after the opening one the caller reads, per ticket."""
    if not ticket_ids:
        return {}
    rows = await session.execute(
        select(Thread.ticket_id, func.count(Thread.id))
        .where(
            Thread.ticket_id.in_(ticket_ids),
            Thread.thread_type != ThreadType.CREATE,
            readable_threads(actor),
        )
        .group_by(Thread.ticket_id)
    )
    return {ticket_id: int(count) for ticket_id, count in rows.all()}


async def with_attachments(
    session: AsyncSession, actor: Actor, ticket_ids: Sequence[int]
) -> set[int]:
    """The tickets with a file on a thread the caller reads."""
    if not ticket_ids:
        return set()
    found: Select[int] = (
        select(Thread.ticket_id)
        .join(ThreadAttachment, ThreadAttachment.thread_id == Thread.id)
        .where(Thread.ticket_id.in_(ticket_ids), readable_threads(actor))
        .distinct()
    )
    return set((await session.scalars(found)).all())


@dataclass(frozen=True, slots=True)
class TagCount:
    tag: SupportTag
    tickets: int
    articles: int = 0


def _tagged_tickets_seen(actor: Actor, tag_id: Any) -> Select[Any]:
    """The tickets carrying the tag that the caller sees: a tag's figures count no others."""
    return (
        select(func.count(ticket_tags.c.ticket_id))
        .join(Ticket, Ticket.id == ticket_tags.c.ticket_id)
        .where(ticket_tags.c.tag_id == tag_id, visible_tickets(actor))
    )


async def list_tags(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[TagCount]:
    """Tags (for agents and admins), each with the number of tickets the caller sees on it;
    they live with tickets because their figures apply ticket visibility."""
    require_staff(actor)
    fields = Fields(
        {
            "id": SupportTag.id,
            "name": SupportTag.name,
            "ticketCount": _tagged_tickets_seen(actor, SupportTag.id).scalar_subquery(),
        }
    )
    page_of_tags = await fetch_page(
        session, select(SupportTag), fields, query, primary_key=SupportTag.id
    )
    ids = [tag.id for tag in page_of_tags.items]
    # Staff read every article, so a tag's article count needs no visibility rule.
    articles = (
        select(func.count(article_tags.c.article_id))
        .where(article_tags.c.tag_id == SupportTag.id)
        .scalar_subquery()
    )
    tickets = _tagged_tickets_seen(actor, SupportTag.id).scalar_subquery()
    counts: dict[int, tuple[int, int]] = {
        tag_id: (int(tickets_seen), int(articles_tagged))
        for tag_id, tickets_seen, articles_tagged in (
            await session.execute(
                select(SupportTag.id, tickets, articles).where(SupportTag.id.in_(ids))
            )
        ).all()
    }
    return Page(
        items=[TagCount(tag, *counts.get(tag.id, (0, 0))) for tag in page_of_tags.items],
        total=page_of_tags.total,
        offset=page_of_tags.offset,
        limit=page_of_tags.limit,
    )
