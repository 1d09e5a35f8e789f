"""Queues: where an account's cases are filed."""

from __future__ import annotations

import enum

from sqlalchemy import ForeignKey, Index, String, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.identity.models import Account
from helpdesk.domain.kernel.tracked import TrackedMixin
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base


class QueueStatus(enum.StrEnum):
    ACTIVE = "Active"
    DISABLED = "Disabled"


class Queue(TrackedMixin, Base):
    __tablename__ = "queues"
    __table_args__ = (
        # At most one default queue per account, enforced by the database too.
        Index(
            "uq_queues_default_per_account",
            "account_id",
            unique=True,
            sqlite_where=text("is_default"),
            postgresql_where=text("is_default"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(String(4000))
    short_description: Mapped[str | None] = mapped_column(String(1000))
    icon: Mapped[str | None] = mapped_column(String(1000))
    external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    status: Mapped[QueueStatus] = mapped_column(String(16), default=QueueStatus.ACTIVE)
    is_default: Mapped[bool] = mapped_column(default=False)
    internal: Mapped[bool] = mapped_column(default=False)

    account: Mapped[Account] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
