"""Cases: a client's or vendor's request, worked through Processing / Querying / Completed."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.forms.models import CaseParameterValue
from helpdesk.domain.identity.models import Account, User
from helpdesk.domain.kernel.tracked import TrackedMixin
from helpdesk.domain.queues.models import Queue
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base

if TYPE_CHECKING:
    from helpdesk.domain.chats.models import Chat


class CaseStatus(enum.StrEnum):
    PROCESSING = "Processing"
    QUERYING = "Querying"
    COMPLETED = "Completed"


OPEN_STATUSES = (CaseStatus.PROCESSING, CaseStatus.QUERYING)


class Case(TrackedMixin, Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    status: Mapped[CaseStatus] = mapped_column(String(16), index=True)
    awaiting: Mapped[bool] = mapped_column(default=False)
    query_prompt: Mapped[str | None] = mapped_column(String(4000))
    queue_id: Mapped[int] = mapped_column(ForeignKey("queues.id"), index=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    chat_id: Mapped[int] = mapped_column(ForeignKey("chats.id"), unique=True)

    queue: Mapped[Queue] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    account: Mapped[Account] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    reporter: Mapped[User] = relationship(foreign_keys=[reporter_id], lazy="joined")
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id], lazy="joined")
    chat: Mapped[Chat] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    parameter_values: Mapped[list[CaseParameterValue]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="CaseParameterValue.id"
    )
