"""Revision counters and audit trails for Marketplace resources.

Every tracked row carries ``revision`` (1 on create, +1 on every change) and ``audit``:
the latest occurrence of each event (``created``, ``updated`` and state events such as
``completed``), each with when and by whom. Services call ``record_created`` once and
``record_change`` on every later write; representations read ``audit`` as it is stored.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.core.clock import utcnow
from helpdesk.domain.kernel.actor import Actor


class TrackedMixin:
    revision: Mapped[int] = mapped_column(default=1)
    audit: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


def audit_event(actor: Actor, moment: datetime) -> dict[str, Any]:
    """``{"at", "by": {"id", "name"}}`` as stored; ``at`` is ISO-8601 UTC."""
    return {"at": moment.isoformat(), "by": {"id": actor.user_public_id, "name": actor.name}}


def record_created(row: TrackedMixin, actor: Actor) -> None:
    moment = utcnow()
    row.revision = 1
    row.created_at = row.updated_at = moment
    event = audit_event(actor, moment)
    row.audit = {"created": event, "updated": event}


def record_change(row: TrackedMixin, actor: Actor, *events: str) -> None:
    """A write to ``row``: bump its revision and stamp ``updated`` plus any state events."""
    moment = utcnow()
    row.revision += 1
    row.updated_at = moment
    event = audit_event(actor, moment)
    # A new dict, so the JSON column sees the change.
    row.audit = {**row.audit, "updated": event, **dict.fromkeys(events, event)}
