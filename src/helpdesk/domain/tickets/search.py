"""Full-text search over tickets with the database's own engine.

SQLite: an FTS5 table keyed by ticket id. PostgreSQL: a ``tsvector`` per ticket with a
GIN index. Both live in ``ticket_search``, outside the ORM metadata (migration 0011
creates it per dialect), and are refreshed by ``index_ticket`` after every write that
changes a ticket's text: subject, customer, and the text of its threads.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Integer, column, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import User
from helpdesk.domain.shared.fulltext import (
    fts5_terms,
    is_search_table,
    plain_text,
    tsquery_terms,
    words,
)
from helpdesk.domain.tickets.models import Thread, Ticket

SEARCH_TABLE = "ticket_search"
__all__ = ["forget_ticket", "index_ticket", "is_search_table", "matching", "plain_text"]


async def index_ticket(session: AsyncSession, ticket_id: int) -> None:
    ticket_text = await _document(session, ticket_id)
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text(
                "INSERT INTO ticket_search (ticket_id, document) "
                "VALUES (:id, to_tsvector('simple', :body)) "
                "ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document"
            ),
            {"id": ticket_id, "body": ticket_text},
        )
        return
    await session.execute(text("DELETE FROM ticket_search WHERE rowid = :id"), {"id": ticket_id})
    await session.execute(
        text("INSERT INTO ticket_search (rowid, body) VALUES (:id, :body)"),
        {"id": ticket_id, "body": ticket_text},
    )


async def forget_ticket(session: AsyncSession, ticket_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        return  # the index row goes with the ticket (ON DELETE CASCADE)
    await session.execute(text("DELETE FROM ticket_search WHERE rowid = :id"), {"id": ticket_id})


def matching(session: AsyncSession, query: str) -> ColumnElement[bool]:
    """Tickets whose text holds every word of ``query``, each as a prefix.

    Words are runs of letters and digits only, so nothing the caller types reaches the
    engine's query syntax."""
    found_words = words(query)
    if not found_words:
        return Ticket.id.is_not(None)
    if session.get_bind().dialect.name == "postgresql":
        found = text(
            "SELECT ticket_id FROM ticket_search "
            "WHERE document @@ to_tsquery('simple', :search_terms)"
        ).bindparams(search_terms=tsquery_terms(found_words))
        key = "ticket_id"
    else:
        found = text(
            "SELECT rowid FROM ticket_search WHERE ticket_search MATCH :search_terms"
        ).bindparams(search_terms=fts5_terms(found_words))
        key = "rowid"
    return Ticket.id.in_(found.columns(column(key, Integer)))


async def _document(session: AsyncSession, ticket_id: int) -> str:
    header = (
        await session.execute(
            select(Ticket.subject, User.email, User.first_name, User.last_name)
            .join(User, User.id == Ticket.customer_id)
            .where(Ticket.id == ticket_id)
        )
    ).one()
    messages = await session.scalars(
        select(Thread.message).where(Thread.ticket_id == ticket_id).order_by(Thread.id)
    )
    return " ".join([*(part or "" for part in header), *(plain_text(m) for m in messages)])
