"""Company details: name, support address, next ticket number, timezone and defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from zoneinfo import available_timezones

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.company.access import require_admin
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.models import EmailTemplate, Mailbox
from helpdesk.domain.shared.bounds import ID_MAX
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.models import Base
from helpdesk.domain.support.company import COMPANY_ID, company
from helpdesk.domain.support.models import Company, TicketPriority, TicketStatus

PENDING_SINCE_MAX = 24 * 365  # hours: a year


@dataclass(frozen=True, slots=True)
class DetailsDraft:
    """The fields a client sent (``given``); the others stay as they are. A reference
    (``default_mailbox_id``...) given as None is cleared."""

    given: frozenset[str] = field(default_factory=frozenset)
    name: str | None = None
    support_email: str | None = None
    next_ticket_id: int | None = None
    timezone: str | None = None
    pending_since: int | None = None
    time_format: str | None = None
    default_mailbox_id: int | None = None
    default_status_id: int | None = None
    default_priority_id: int | None = None
    pending_notification_template_id: int | None = None


async def company_details(session: AsyncSession, actor: Actor) -> Company:
    require_admin(actor)
    return await company(session)


async def save_details(session: AsyncSession, actor: Actor, draft: DetailsDraft) -> Company:
    """Apply the given fields. ``nextTicketId`` only moves upwards: a number already
    handed out is never handed out again."""
    require_admin(actor)
    found = await company(session)
    given = draft.given
    if "name" in given:
        if not (draft.name or "").strip():
            raise ValidationFailed.for_field("name", "name is required.")
        found.name = (draft.name or "").strip()
    if "support_email" in given:
        found.support_email = draft.support_email
    if "timezone" in given:
        found.timezone = checked_timezone(draft.timezone)
    if "pending_since" in given:
        if draft.pending_since is None or not 0 <= draft.pending_since <= PENDING_SINCE_MAX:
            message = f"pendingSince must be a number of hours from 0 to {PENDING_SINCE_MAX}."
            raise ValidationFailed.for_field("pendingSince", message)
        found.pending_since = draft.pending_since
    if "time_format" in given:
        found.time_format = draft.time_format or None
    references: tuple[tuple[str, str, type[Base], int | None], ...] = (
        ("default_mailbox_id", "defaultMailbox", Mailbox, draft.default_mailbox_id),
        ("default_status_id", "defaultStatus", TicketStatus, draft.default_status_id),
        ("default_priority_id", "defaultPriority", TicketPriority, draft.default_priority_id),
        (
            "pending_notification_template_id",
            "pendingNotificationEmailTemplate",
            EmailTemplate,
            draft.pending_notification_template_id,
        ),
    )
    for attribute, wire_name, model, value in references:
        if attribute in given:
            if value is not None and await session.get(model, value) is None:
                raise ValidationFailed.for_field(wire_name, f"{wire_name} {value} does not exist.")
            setattr(found, attribute, value)
    await session.flush()
    if "next_ticket_id" in given and draft.next_ticket_id is not None:
        await _move_ticket_numbers(session, found, draft.next_ticket_id)
    return found


async def _move_ticket_numbers(session: AsyncSession, found: Company, wanted: int) -> None:
    """One conditional UPDATE: concurrent ticket creation can never be moved backwards."""
    if not 1 <= wanted <= ID_MAX:
        raise ValidationFailed.for_field("nextTicketId", "nextTicketId must be a positive number.")
    moved = await session.execute(
        update(Company)
        .where(Company.id == COMPANY_ID, Company.next_ticket_id <= wanted)
        .values(next_ticket_id=wanted)
        .execution_options(synchronize_session=False)
    )
    await session.refresh(found, ["next_ticket_id"])
    if getattr(moved, "rowcount", 0) == 0:
        message = (
            f"nextTicketId must be at least {found.next_ticket_id}: "
            "ticket numbers already handed out are never handed out again."
        )
        raise ValidationFailed.for_field("nextTicketId", message)


@cache
def _timezones() -> frozenset[str]:
    return frozenset(available_timezones())


def checked_timezone(name: str | None) -> str:
    """An IANA timezone name (``Asia/Kolkata``), as every UVdesk date is rendered in it."""
    zone = (name or "").strip()
    if zone not in _timezones():
        raise ValidationFailed.for_field(
            "timezone", "timezone must be an IANA name like Asia/Kolkata."
        )
    return zone
