"""Full-text search over tickets with the database's own engine.

SQLite: an FTS5 table keyed by ticket id. PostgreSQL: a ``tsvector`` per ticket with a
GIN index. Both live in ``ticket_search``, outside the ORM metadata (migration 0011
creates it per dialect), and are refreshed by ``index_ticket`` after every write that
changes a ticket's text: subject, customer, and the text of its threads.

Notes are for agents, so a customer's search must not match their words. On SQLite the
row ``ticket_id`` holds what customers read and the row ``-ticket_id`` the whole text; on
PostgreSQL the notes' words carry weight A and the rest the default weight D, which is
all a customer's query asks for. A ticket indexed before this rule holds one whole-text
row (all weight D) until its next change re-indexes it.
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
from helpdesk.domain.tickets.models import Thread, ThreadType, Ticket

SEARCH_TABLE = "ticket_search"
__all__ = ["forget_ticket", "index_ticket", "is_search_table", "matching", "plain_text"]


async def index_ticket(session: AsyncSession, ticket_id: int) -> None:
    public, notes = await _document(session, ticket_id)
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(
            text(
                "INSERT INTO ticket_search (ticket_id, document) "
                "VALUES (:id, to_tsvector('simple', :public) || "
                "setweight(to_tsvector('simple', :notes), 'A')) "
                "ON CONFLICT (ticket_id) DO UPDATE SET document = excluded.document"
            ),
            {"id": ticket_id, "public": public, "notes": notes},
        )
        return
    await forget_ticket(session, ticket_id)
    await session.execute(
        text("INSERT INTO ticket_search (rowid, body) VALUES (:id, :body)"),
        [
            {"id": ticket_id, "body": public},
            {"id": -ticket_id, "body": f"{public} {notes}"},
        ],
    )


async def forget_ticket(session: AsyncSession, ticket_id: int) -> None:
    if session.get_bind().dialect.name == "postgresql":
        return  # the index row goes with the ticket (ON DELETE CASCADE)
    await session.execute(
        text("DELETE FROM ticket_search WHERE rowid IN (:public, :whole)"),
        {"public": ticket_id, "whole": -ticket_id},
    )


def matching(session: AsyncSession, query: str, *, notes: bool) -> ColumnElement[bool]:
    """Tickets whose text holds every word of ``query``, each as a prefix; the words of
    notes count only when ``notes`` (for callers who read them).

    Words are runs of letters and digits only, so nothing the caller types reaches the
    engine's query syntax."""
    found_words = words(query)
    if not found_words:
        return Ticket.id.is_not(None)
    if session.get_bind().dialect.name == "postgresql":
        weights = "" if notes else "D"
        found = text(
            "SELECT ticket_id FROM ticket_search "
            "WHERE document @@ to_tsquery('simple', :search_terms)"
        ).bindparams(search_terms=tsquery_terms(found_words, weights))
    else:
        terms = fts5_terms(found_words)
        found = text(
            "SELECT abs(rowid) AS ticket_id FROM ticket_search "
            "WHERE ticket_search MATCH :search_terms AND (:notes OR rowid > 0)"
        ).bindparams(search_terms=terms, notes=notes)
    return Ticket.id.in_(found.columns(column("ticket_id", Integer)))


async def _document(session: AsyncSession, ticket_id: int) -> tuple[str, str]:
    """The ticket's text customers read (subject, customer, threads but notes), and the
    text of its notes."""
    header = (
        await session.execute(
            select(Ticket.subject, User.email, User.first_name, User.last_name)
            .join(User, User.id == Ticket.customer_id)
            .where(Ticket.id == ticket_id)
        )
    ).one()
    threads = await session.execute(
        select(Thread.message, Thread.thread_type)
        .where(Thread.ticket_id == ticket_id)
        .order_by(Thread.id)
    )
    public: list[str] = [part or "" for part in header]
    notes: list[str] = []
    for message, kind in threads:
        (notes if kind == ThreadType.NOTE else public).append(plain_text(message))
    return " ".join(public), " ".join(notes)
