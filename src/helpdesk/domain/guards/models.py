"""Rate-limit windows and remembered answers to idempotent requests."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, Index, LargeBinary, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.core.clock import utcnow
from helpdesk.domain.shared.models import Base


class RateWindow(Base):
    """How many requests one caller made in one fixed window (a minute by default)."""

    __tablename__ = "rate_windows"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    """Start of the window, in whole windows since the epoch."""
    hits: Mapped[int] = mapped_column(default=0)


class IdempotentRequest(Base):
    """One caller's ``Idempotency-Key``: the request it was first sent with and, once that
    succeeded, its answer. ``status`` is empty while the first request is in flight."""

    __tablename__ = "idempotent_requests"
    __table_args__ = (
        UniqueConstraint("caller", "key"),
        Index("ix_idempotent_requests_expires_at", "expires_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    caller: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the credential the request carried."""
    key: Mapped[str] = mapped_column(String(255))
    fingerprint: Mapped[str] = mapped_column(String(64))
    """SHA-256 of the method, path, query and body."""
    status: Mapped[int | None]
    headers: Mapped[list[Any] | None] = mapped_column(JSON)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
