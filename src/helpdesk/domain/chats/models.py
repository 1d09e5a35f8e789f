"""Chats and what lives in them: participants, messages, attachments, links."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.identity.models import Account, Contact
from helpdesk.domain.kernel.tracked import TrackedMixin
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base


class ChatType(enum.StrEnum):
    DIRECT = "Direct"
    GROUP = "Group"
    CASE = "Case"
    CHANNEL = "Channel"


class ParticipantStatus(enum.StrEnum):
    ACTIVE = "Active"
    EXITED = "Exited"
    DEACTIVATED = "Deactivated"


class Visibility(enum.StrEnum):
    PUBLIC = "Public"
    PRIVATE = "Private"


class Chat(TrackedMixin, Base):
    __tablename__ = "chats"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    type: Mapped[ChatType] = mapped_column(String(16), index=True)
    name: Mapped[str | None] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(String(4000))
    icon_file_id: Mapped[int | None] = mapped_column(ForeignKey("stored_files.id"))
    # The latest public message: private ones must not show through to other accounts.
    last_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_messages.id", use_alter=True, ondelete="SET NULL")
    )

    icon_file: Mapped[StoredFile | None] = relationship(lazy="joined")
    last_message: Mapped[ChatMessage | None] = relationship(
        foreign_keys=[last_message_id], post_update=True, lazy="joined"
    )


class ChatMessage(TrackedMixin, Base):
    __tablename__ = "chat_messages"
    __table_args__ = (Index("ix_chat_messages_chat_id_id", "chat_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    sender_id: Mapped[int] = mapped_column(ForeignKey("chat_participants.id"), index=True)
    # The sender's account at the time of sending: private messages stay inside it.
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"))
    content: Mapped[str] = mapped_column(Text)
    visibility: Mapped[Visibility] = mapped_column(String(16))
    is_deleted: Mapped[bool] = mapped_column(default=False)

    sender: Mapped[ChatParticipant] = relationship(foreign_keys=[sender_id], lazy="joined")


class ChatParticipant(TrackedMixin, Base):
    __tablename__ = "chat_participants"
    __table_args__ = (UniqueConstraint("chat_id", "contact_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"))
    contact_id: Mapped[int] = mapped_column(ForeignKey("contacts.id"), index=True)
    account_id: Mapped[int | None] = mapped_column(ForeignKey("accounts.id"), index=True)
    status: Mapped[ParticipantStatus] = mapped_column(String(16))
    muted: Mapped[bool] = mapped_column(default=False)
    last_read_message_id: Mapped[int | None] = mapped_column(
        ForeignKey("chat_messages.id", use_alter=True, ondelete="SET NULL")
    )
    last_read_message_public_id: Mapped[str | None] = column_property(
        select(ChatMessage.public_id)
        .where(ChatMessage.id == last_read_message_id)
        .correlate_except(ChatMessage)
        .scalar_subquery()
    )

    # Views get the chat from the route; loading it here would close a cycle of joins.
    chat: Mapped[Chat] = relationship(lazy="raise")
    contact: Mapped[Contact] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    account: Mapped[Account | None] = relationship(lazy="joined")


class ChatAttachment(TrackedMixin, Base):
    __tablename__ = "chat_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("chat_messages.id"), index=True)
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(4000))
    is_deleted: Mapped[bool] = mapped_column(default=False)

    file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    message: Mapped[ChatMessage | None] = relationship(lazy="joined")


class ChatLink(TrackedMixin, Base):
    __tablename__ = "chat_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    message_id: Mapped[int | None] = mapped_column(ForeignKey("chat_messages.id"), index=True)
    uri: Mapped[str] = mapped_column(String(2000))
    object_id: Mapped[str | None] = mapped_column(String(64))
    name: Mapped[str | None] = mapped_column(String(255))
    icon: Mapped[str | None] = mapped_column(String(1000))
    is_deleted: Mapped[bool] = mapped_column(default=False)

    message: Mapped[ChatMessage | None] = relationship(lazy="joined")
