"""Workflows and the log of their runs on tickets."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.core.clock import utcnow
from helpdesk.domain.shared.models import Base, TimestampMixin


class WorkflowType(enum.IntEnum):
    MANUAL = 0
    """A prepared response: applied to a ticket by an agent."""
    AUTOMATIC = 1
    """Run on the ticket events it names, in ``position`` order."""


class Workflow(TimestampMixin, Base):
    __tablename__ = "workflows"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(Text)
    type: Mapped[int] = mapped_column(index=True)
    is_active: Mapped[bool] = mapped_column(default=True)
    position: Mapped[int] = mapped_column(default=0)
    events: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """``[{"event": "ticket", "trigger": "created"}, ...]``"""
    conditions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """``[{"type": "subject", "match": "contains", "value": "..."}, ...]``, all must hold."""
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """``[{"type": "priority", "value": "3"}, ...]``, applied in this order."""


class WorkflowRun(Base):
    """One workflow applied to one ticket: when, on what, and what it did."""

    __tablename__ = "workflow_runs"
    __table_args__ = (Index("ix_workflow_runs_ticket_id_id", "ticket_id", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    workflow_id: Mapped[int | None] = mapped_column(
        ForeignKey("workflows.id", ondelete="SET NULL"), index=True
    )
    workflow_name: Mapped[str] = mapped_column(String(255))
    """Kept as it was at the run, so the log still reads after the workflow is removed."""
    trigger: Mapped[str] = mapped_column(String(32))
    """The event that ran it, or ``manual`` when an agent applied it."""
    applied_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actions: Mapped[list[dict[str, Any]]] = mapped_column(JSON)
    """What each action did: ``{"type", "value", "outcome"}``."""
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
