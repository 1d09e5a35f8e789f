"""Mailboxes and the messages that passed through them."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.core.clock import utcnow
from helpdesk.domain.shared.models import Base, TimestampMixin

EMAIL_LENGTH = 320
"""RFC 5321's longest forward path: 64 for the local part, @, 255 for the domain."""
MESSAGE_ID_LENGTH = 998
"""RFC 5322's longest header line: no Message-ID can be longer."""


class ReceiveVia(enum.StrEnum):
    FORWARD = "forward"
    """Mail is forwarded (or delivered) to the mailbox's own address: SMTP or HTTP intake."""
    IMAP = "imap"
    """The worker fetches mail from an IMAP folder."""


class ImapSecurity(enum.StrEnum):
    SSL = "ssl"
    STARTTLS = "starttls"
    NONE = "none"


class ImapAuth(enum.StrEnum):
    PASSWORD = "password"  # noqa: S105  (the name of a method, not a secret)
    XOAUTH2 = "xoauth2"


class Mailbox(Base):
    """A support address. ``email`` is the address customers write to and replies come
    from; ``mailbox_email`` is the address of ours that receives its mail (forward the
    public address there, or configure IMAP)."""

    __tablename__ = "mailboxes"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), index=True)
    mailbox_email: Mapped[str] = mapped_column(String(EMAIL_LENGTH), unique=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    receive_via: Mapped[ReceiveVia] = mapped_column(String(16), default=ReceiveVia.FORWARD)
    imap_host: Mapped[str | None] = mapped_column(String(255))
    imap_port: Mapped[int | None]
    imap_security: Mapped[ImapSecurity | None] = mapped_column(String(16))
    imap_username: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    imap_auth: Mapped[ImapAuth | None] = mapped_column(String(16))
    imap_secret: Mapped[str | None] = mapped_column(Text)
    """Password or OAuth 2 access token, encrypted with the settings' key; never shown."""
    imap_folder: Mapped[str | None] = mapped_column(String(255))
    smtp_url: Mapped[str | None] = mapped_column(Text)
    """Where its mail is sent (smtp://user:password@host:port, encrypted, never shown);
    none means the server's default."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Direction(enum.StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


class MailMessage(Base):
    """Every Message-ID that came in or went out, and where it led.

    Threading looks replies up here (In-Reply-To, References); intake ignores a
    Message-ID it has already seen, so fetching a mailbox twice never duplicates a
    ticket. The row outlives a ticket deleted for good (``ticket_id`` becomes null), so
    that mail for that ticket never recreates it."""

    __tablename__ = "mail_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(MESSAGE_ID_LENGTH), unique=True)
    """Normalised: without angle brackets, as the sender wrote it otherwise."""
    direction: Mapped[Direction] = mapped_column(String(16))
    mailbox_id: Mapped[int | None] = mapped_column(ForeignKey("mailboxes.id", ondelete="SET NULL"))
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    matched_by: Mapped[str | None] = mapped_column(String(32))
    """Inbound: which threading rule placed it (new, in-reply-to, references,
    reply-address, subject), or why it was set aside (duplicate, auto-reply, spam, ...)."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class EmailTemplate(TimestampMixin, Base):
    """A message mail is rendered from: agents' own templates, and the defaults that
    notifications use (``code`` says which notification a default template serves)."""

    __tablename__ = "email_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    subject: Mapped[str] = mapped_column(String(MESSAGE_ID_LENGTH))
    message: Mapped[str] = mapped_column(Text)
    """Sanitised HTML; placeholders such as ``{%ticket.id%}`` are kept as written."""
    is_default: Mapped[bool] = mapped_column(default=False)
    code: Mapped[str | None] = mapped_column(String(64), unique=True)


class SavedReply(TimestampMixin, Base):
    """A prepared answer agents insert into a reply. One without an owner is shared with
    every agent; an agent's own is theirs alone."""

    __tablename__ = "saved_replies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    message: Mapped[str] = mapped_column(Text)
    owner_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_instances.id", ondelete="CASCADE"), index=True
    )
