"""Answers: a form filled in inside a chat, moving Draft → Submitted → Accepted (or Querying)."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.forms.models import Form
from helpdesk.domain.kernel.tracked import TrackedMixin
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base


class AnswerStatus(enum.StrEnum):
    DRAFT = "Draft"
    SUBMITTED = "Submitted"
    ACCEPTED = "Accepted"
    QUERYING = "Querying"


class ChatAnswer(TrackedMixin, Base):
    __tablename__ = "chat_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id", ondelete="CASCADE"), index=True)
    form_id: Mapped[int] = mapped_column(ForeignKey("forms.id"), index=True)
    name: Mapped[str] = mapped_column(String(255))
    status: Mapped[AnswerStatus] = mapped_column(String(16), index=True)
    # Values by parameter definition public id: {"PAR-1234-5678": "value", ...}
    values: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    form: Mapped[Form] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
