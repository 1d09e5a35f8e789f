"""Feedback: what clients and vendors tell operations, with files, reviewed by operations."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.identity.models import Account, User
from helpdesk.domain.kernel.tracked import TrackedMixin
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base


class FeedbackStatus(enum.StrEnum):
    SUBMITTED = "Submitted"
    REVIEWED = "Reviewed"
    DELETED = "Deleted"


class Feedback(TrackedMixin, Base):
    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    requester_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(String(10_000))
    status: Mapped[FeedbackStatus] = mapped_column(String(16), index=True)
    rating: Mapped[int | None] = mapped_column()
    notes: Mapped[str | None] = mapped_column(String(10_000))
    internal_notes: Mapped[str | None] = mapped_column(String(10_000))
    # Captured from the submitting request; read-only afterwards.
    submitted_from: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    external_ids: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    account: Mapped[Account] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    requester: Mapped[User] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    attachments: Mapped[list[FeedbackAttachment]] = relationship(
        lazy="selectin", order_by="FeedbackAttachment.id", cascade="all, delete-orphan"
    )


class FeedbackAttachment(TrackedMixin, Base):
    __tablename__ = "feedback_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    feedback_id: Mapped[int] = mapped_column(
        ForeignKey("feedback.id", ondelete="CASCADE"), index=True
    )
    file_id: Mapped[int] = mapped_column(ForeignKey("stored_files.id"))
    name: Mapped[str] = mapped_column(String(255))

    file: Mapped[StoredFile] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)

    @property
    def kind(self) -> str:
        """``Image``, ``Video`` or ``File``, from the stored content type."""
        major = self.file.content_type.split("/", 1)[0]
        return {"image": "Image", "video": "Video"}.get(major, "File")
