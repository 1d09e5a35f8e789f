"""UVdesk tickets and their threads (create, reply, forward, note) with attachments."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.identity.models import User
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base, TimestampMixin
from helpdesk.domain.support.models import (
    CustomField,
    SupportGroup,
    SupportLabel,
    SupportTag,
    SupportTeam,
    TicketPriority,
    TicketStatus,
    TicketType,
    ticket_tags,
)


class ThreadType(enum.StrEnum):
    CREATE = "create"
    REPLY = "reply"
    FORWARD = "forward"
    NOTE = "note"


ticket_collaborators = Table(
    "ticket_collaborators",
    Base.metadata,
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)
ticket_labels = Table(
    "ticket_labels",
    Base.metadata,
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "label_id", Integer, ForeignKey("support_labels.id", ondelete="CASCADE"), primary_key=True
    ),
    # Label counts start from a label's tickets, not from every ticket.
    Index("ix_ticket_labels_label_id_ticket_id", "label_id", "ticket_id"),
)


class Ticket(TimestampMixin, Base):
    __tablename__ = "tickets"
    __table_args__ = (
        Index("ix_tickets_is_trashed_id", "is_trashed", "id"),
        # A page of one status, or of the whole list, by last update: read in index order.
        Index("ix_tickets_status_id_updated_at", "status_id", "updated_at"),
        Index("ix_tickets_is_trashed_updated_at", "is_trashed", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    increment_id: Mapped[int] = mapped_column(unique=True)
    subject: Mapped[str] = mapped_column(String(1000))
    source: Mapped[str] = mapped_column(String(32), default="api")
    status_id: Mapped[int] = mapped_column(ForeignKey("ticket_statuses.id"), index=True)
    priority_id: Mapped[int] = mapped_column(ForeignKey("ticket_priorities.id"), index=True)
    type_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_types.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("support_groups.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("support_teams.id"), index=True)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    # Mailboxes arrive with the mail issue; the id is kept so filters have a column to use.
    mailbox_id: Mapped[int | None] = mapped_column(index=True)
    is_starred: Mapped[bool] = mapped_column(default=False)
    is_trashed: Mapped[bool] = mapped_column(default=False)
    is_new: Mapped[bool] = mapped_column(default=True)
    is_replied: Mapped[bool] = mapped_column(default=False)
    rating: Mapped[int] = mapped_column(default=0)
    unique_reply_to: Mapped[str | None] = mapped_column(String(255))
    reference_ids: Mapped[str | None] = mapped_column(String(2000))
    ip_address: Mapped[str | None] = mapped_column(String(64))
    agent_last_replied_at: Mapped[datetime | None] = mapped_column()

    status: Mapped[TicketStatus] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    priority: Mapped[TicketPriority] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    type: Mapped[TicketType | None] = relationship(lazy="joined")
    group: Mapped[SupportGroup | None] = relationship(lazy="joined")
    team: Mapped[SupportTeam | None] = relationship(lazy="joined")
    agent: Mapped[User | None] = relationship(foreign_keys=[agent_id], lazy="joined")
    customer: Mapped[User] = relationship(
        foreign_keys=[customer_id], lazy="joined", innerjoin=REQUIRED_JOIN
    )
    collaborators: Mapped[list[User]] = relationship(
        secondary=ticket_collaborators, lazy="selectin"
    )
    labels: Mapped[list[SupportLabel]] = relationship(secondary=ticket_labels, lazy="selectin")
    tags: Mapped[list[SupportTag]] = relationship(secondary=ticket_tags, lazy="selectin")
    custom_values: Mapped[list[TicketCustomValue]] = relationship(
        lazy="selectin", cascade="all, delete-orphan"
    )


class Thread(TimestampMixin, Base):
    __tablename__ = "threads"
    __table_args__ = (Index("ix_threads_ticket_id_id", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    user_type: Mapped[str] = mapped_column(String(16))
    thread_type: Mapped[ThreadType] = mapped_column(String(16))
    source: Mapped[str] = mapped_column(String(32), default="api")
    message: Mapped[str] = mapped_column(Text)
    reply_to: Mapped[str | None] = mapped_column(String(1000))
    cc: Mapped[list[str] | None] = mapped_column(JSON)
    bcc: Mapped[list[str] | None] = mapped_column(JSON)
    message_id: Mapped[str | None] = mapped_column(String(255), index=True)
    is_locked: Mapped[bool] = mapped_column(default=False)
    is_bookmarked: Mapped[bool] = mapped_column(default=False)
    viewed_at: Mapped[datetime | None] = mapped_column()

    user: Mapped[User] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    attachments: Mapped[list[ThreadAttachment]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="ThreadAttachment.id"
    )


class ThreadAttachment(Base):
    __tablename__ = "thread_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(ForeignKey("threads.id", ondelete="CASCADE"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))

    file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)


class TicketCustomValue(Base):
    __tablename__ = "ticket_custom_values"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"), index=True)
    field_id: Mapped[int] = mapped_column(
        ForeignKey("custom_fields.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[Any] = mapped_column(JSON, nullable=True)

    field: Mapped[CustomField] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)


class TicketTally(Base):
    """How many tickets share one combination of the facets the ticket tabs count.

    Kept by database triggers on ``tickets`` (migration 0025), so every path that writes
    tickets — the ORM, bulk statements, cascades, the bench seeder — keeps it exact. The
    tabs of a caller who sees every ticket add up these few rows instead of counting the
    table. ``agent_key`` is the agent's user id, 0 for unassigned (a key column cannot be
    NULL)."""

    __tablename__ = "ticket_tallies"

    status_id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    is_trashed: Mapped[bool] = mapped_column(primary_key=True)
    is_new: Mapped[bool] = mapped_column(primary_key=True)
    is_replied: Mapped[bool] = mapped_column(primary_key=True)
    is_starred: Mapped[bool] = mapped_column(primary_key=True)
    agent_key: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    tickets: Mapped[int] = mapped_column(default=0)
