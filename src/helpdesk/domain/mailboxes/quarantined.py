"""Messages intake could not take in, kept whole with the reason."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.core.clock import utcnow
from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.mailboxes.models import EMAIL_LENGTH, MESSAGE_ID_LENGTH
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base


class QuarantinedMail(Base):
    """A message set aside: its raw bytes as a stored file, why, and how it arrived.

    One row per distinct message (``raw_sha256``): the same bytes failing again, from a
    re-fetch or a retry, update the row instead of piling up copies."""

    __tablename__ = "mail_quarantine"

    id: Mapped[int] = mapped_column(primary_key=True)
    raw_sha256: Mapped[str] = mapped_column(String(64), unique=True)
    raw_file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    mailbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailboxes.id", ondelete="SET NULL"), index=True
    )
    via: Mapped[str] = mapped_column(String(16))
    """How it arrived: smtp, imap, http, import."""
    recipients: Mapped[list[str]] = mapped_column(JSON, default=list)
    """The envelope recipients, needed to place it on a retry."""
    message_id: Mapped[str | None] = mapped_column(String(MESSAGE_ID_LENGTH))
    sender: Mapped[str | None] = mapped_column(String(EMAIL_LENGTH))
    subject: Mapped[str | None] = mapped_column(String(1000))
    reason: Mapped[str] = mapped_column(Text)
    attempts: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)

    raw_file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
