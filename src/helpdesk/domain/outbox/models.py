"""The outbox: every message the helpdesk sends, as it will go out, and how far it got."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.domain.mailboxes.models import EMAIL_LENGTH, MESSAGE_ID_LENGTH
from helpdesk.domain.shared.models import Base, TimestampMixin


class OutboxState(enum.StrEnum):
    QUEUED = "queued"
    """Waiting for the worker: just written, or retrying after a failed try."""
    SENDING = "sending"
    """Handed to the SMTP server by a worker that has not yet said how it went."""
    SENT = "sent"
    HELD = "held"
    """No SMTP server is configured for it; ``last_error`` says so. Retried by hand."""
    FAILED = "failed"
    """Every try failed; ``last_error`` holds the last reason. Retried by hand."""


class OutboundMail(TimestampMixin, Base):
    __tablename__ = "outbound_mails"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[str] = mapped_column(String(MESSAGE_ID_LENGTH), unique=True)
    """Without angle brackets; the same on every attempt, so a resend is recognisable."""
    ticket_id: Mapped[int | None] = mapped_column(
        ForeignKey("tickets.id", ondelete="SET NULL"), index=True
    )
    thread_id: Mapped[int | None] = mapped_column(ForeignKey("threads.id", ondelete="SET NULL"))
    mailbox_id: Mapped[int | None] = mapped_column(ForeignKey("mailboxes.id", ondelete="SET NULL"))
    template_code: Mapped[str | None] = mapped_column(String(64))
    sender: Mapped[str] = mapped_column(String(1000))
    """The From header: display name and address."""
    recipients: Mapped[list[str]] = mapped_column(JSON)
    cc: Mapped[list[str]] = mapped_column(JSON)
    reply_to: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    subject: Mapped[str] = mapped_column(Text)
    in_reply_to: Mapped[str | None] = mapped_column(Text)
    references: Mapped[list[str]] = mapped_column(JSON)
    html_body: Mapped[str] = mapped_column(Text)
    text_body: Mapped[str] = mapped_column(Text)
    state: Mapped[OutboxState] = mapped_column(String(16), default=OutboxState.QUEUED, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    sent_at: Mapped[datetime | None]
