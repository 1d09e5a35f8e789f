"""Ticket use cases: raise, read, edit, assign, collaborate, tag, trash, restore, delete."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import nh3
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from helpdesk.domain.files.service import Upload, store
from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.access import is_support_agent, require_privilege
from helpdesk.domain.identity.models import SupportRole, User, UserInstance
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.domain.shared.events import Trigger
from helpdesk.domain.shared.unit_of_work import publish
from helpdesk.domain.support import catalog, organisation
from helpdesk.domain.support.access import MANAGE_GROUP, MANAGE_SUB_GROUP, MANAGE_TICKET_TYPE
from helpdesk.domain.support.catalog import own_label, tag_named
from helpdesk.domain.support.company import company, take_ticket_number
from helpdesk.domain.support.custom_fields import checked_values
from helpdesk.domain.support.models import (
    SupportGroup,
    SupportTag,
    SupportTeam,
    TicketPriority,
    TicketStatus,
    TicketType,
)
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.access import (
    is_customer,
    require_ticket_privilege,
    visible_tickets,
)
from helpdesk.domain.tickets.models import (
    Thread,
    ThreadAttachment,
    ThreadType,
    Ticket,
    TicketCustomValue,
)
from helpdesk.domain.tickets.removal import erase_tickets

OPEN, LOW = 1, 1
CREATE_TICKET = "ROLE_AGENT_CREATE_TICKET"
EDIT_TICKET = "ROLE_AGENT_EDIT_TICKET"
DELETE_TICKET = "ROLE_AGENT_DELETE_TICKET"
RESTORE_TICKET = "ROLE_AGENT_RESTORE_TICKET"
ASSIGN_TICKET = "ROLE_AGENT_ASSIGN_TICKET"
ASSIGN_GROUP = "ROLE_AGENT_ASSIGN_TICKET_GROUP"
UPDATE_STATUS = "ROLE_AGENT_UPDATE_TICKET_STATUS"
UPDATE_PRIORITY = "ROLE_AGENT_UPDATE_TICKET_PRIORITY"
UPDATE_TYPE = "ROLE_AGENT_UPDATE_TICKET_TYPE"
ADD_COLLABORATOR = "ROLE_AGENT_ADD_COLLABORATOR_TO_TICKET"
DELETE_COLLABORATOR = "ROLE_AGENT_DELETE_COLLABORATOR_FROM_TICKET"
ADD_TAG = "ROLE_AGENT_ADD_TAG"
DELETE_TAG = "ROLE_AGENT_DELETE_TAG"


@dataclass(frozen=True, slots=True)
class TicketDraft:
    subject: str
    reply: str
    customer_email: str
    customer_name: str = ""
    type_id: int | None = None
    status_id: int | None = None
    priority_id: int | None = None
    group_id: int | None = None
    source: str = "api"
    ip_address: str | None = None
    mailbox_id: int | None = None
    message_id: str | None = None
    """The Message-ID of the mail that opened it, kept on the opening thread."""
    files: Sequence[Upload] = ()
    custom_fields: dict[int, Any] = field(default_factory=dict)
    answerable: bool = True
    """False when nothing may answer it automatically (spam from mail intake)."""
    raised_by: str = "customer"
    """``agent`` when staff raised it for the customer (the created event's user type)."""


def clean_html(message: str) -> str:
    """Thread bodies are HTML from mail and editors; only safe markup is kept."""
    return nh3.clean(message)


async def raise_ticket(session: AsyncSession, actor: Actor, draft: TicketDraft) -> Ticket:
    if is_customer(actor):
        if draft.customer_email.lower() != actor.email.lower():
            raise PermissionDenied("Customers raise tickets in their own name.")
    else:
        require_ticket_privilege(actor, CREATE_TICKET)
        draft = replace(draft, raised_by="agent")
    ticket, _ = await open_ticket(session, draft)
    return ticket


async def open_ticket(session: AsyncSession, draft: TicketDraft) -> tuple[Ticket, Thread]:
    """Create a ticket and its opening thread; the caller has checked who may.

    ``raise_ticket`` is the checked entry point; mail intake opens tickets for whoever
    wrote in, with no caller to check."""
    customer = await customer_for(session, draft.customer_email, draft.customer_name)
    type_id = await _known(session, TicketType, draft.type_id, "type")
    values = await checked_values(session, draft.custom_fields, type_id)
    defaults = await company(session)
    status_id = await _known(session, TicketStatus, draft.status_id, "status")
    priority_id = await _known(session, TicketPriority, draft.priority_id, "priority")
    ticket = Ticket(
        increment_id=await take_ticket_number(session),
        subject=draft.subject,
        source=draft.source,
        # What the ticket names, else the company's defaults (defaultStatus...), else Open, Low.
        status_id=status_id or defaults.default_status_id or OPEN,
        priority_id=priority_id or defaults.default_priority_id or LOW,
        type_id=type_id,
        group_id=await _known(session, SupportGroup, draft.group_id, "group"),
        customer_id=customer.id,
        mailbox_id=draft.mailbox_id,
        ip_address=draft.ip_address,
        is_new=True,
        collaborators=[],
        labels=[],
        tags=[],
        custom_values=[
            TicketCustomValue(field_id=field_id, value=value) for field_id, value in values.items()
        ],
    )
    session.add(ticket)
    await session.flush()
    ticket.unique_reply_to = f"support.{ticket.increment_id}.{ticket.id}@helpdesk.local"
    opening = await add_thread(
        session,
        ticket,
        author=customer,
        user_type="customer",
        thread_type=ThreadType.CREATE,
        message=draft.reply,
        source=draft.source,
        files=draft.files,
        message_id=draft.message_id,
    )
    await search.index_ticket(session, ticket.id)
    publish(
        session,
        ticket.id,
        Trigger.CREATED,
        thread_id=opening.id,
        answerable=draft.answerable,
        user_type=draft.raised_by,
    )
    return ticket, opening


async def customer_for(session: AsyncSession, email: str, name: str) -> User:
    """The customer with this email; a new one is created on the fly, as UVdesk does."""
    user = await identity.ensure_user(session, email, name=name)
    await identity.ensure_user_instance(session, user, SupportRole.CUSTOMER)
    return user


async def add_thread(
    session: AsyncSession,
    ticket: Ticket,
    *,
    author: User,
    user_type: str,
    thread_type: ThreadType,
    message: str,
    source: str = "api",
    files: Sequence[Upload] = (),
    cc: list[str] | None = None,
    message_id: str | None = None,
) -> Thread:
    thread = Thread(
        ticket_id=ticket.id,
        user_id=author.id,
        user_type=user_type,
        thread_type=thread_type,
        source=source,
        message=clean_html(message),
        cc=cc,
        message_id=message_id,
        is_locked=False,
        is_bookmarked=False,
        attachments=[],
    )
    session.add(thread)
    await session.flush()
    for upload in files:
        stored = await store(session, upload, uploaded_by_id=author.id)
        thread.attachments.append(ThreadAttachment(file_id=stored.id))
    await session.flush()
    return thread


async def ticket_by_number(session: AsyncSession, actor: Actor, increment_id: int) -> Ticket:
    ticket = await session.scalar(
        select(Ticket).where(Ticket.increment_id == increment_id, visible_tickets(actor))
    )
    if ticket is None:
        raise NotFound(f"Ticket {increment_id} not found.")
    return ticket


async def get_ticket(session: AsyncSession, actor: Actor, ticket_id: int) -> Ticket:
    ticket = await session.scalar(
        select(Ticket)
        .where(Ticket.id == ticket_id, visible_tickets(actor))
        .execution_options(populate_existing=True)
    )
    if ticket is None:
        raise NotFound(f"Ticket {ticket_id} not found.")
    return ticket


async def edit_ticket(
    session: AsyncSession,
    actor: Actor,
    ticket_id: int,
    *,
    subject: str | None,
    reply: str | None,
    type_id: int | None,
) -> Ticket:
    require_ticket_privilege(actor, EDIT_TICKET)
    ticket = await get_ticket(session, actor, ticket_id)
    if subject is not None:
        if not subject.strip():
            raise ValidationFailed.for_field("subject", "subject is required.")
        ticket.subject = subject
    if reply is not None:
        opening = await session.scalar(
            select(Thread).where(Thread.ticket_id == ticket.id).order_by(Thread.id).limit(1)
        )
        if opening is not None:
            opening.message = clean_html(reply)
    if type_id is not None and type_id != ticket.type_id:
        ticket.type_id = await _known(session, TicketType, type_id, "type")
        publish(session, ticket.id, Trigger.TYPE, user_type="agent")
    await session.flush()
    await search.index_ticket(session, ticket.id)
    return ticket


async def change_property(
    session: AsyncSession, actor: Actor, ticket_id: int, edit_type: str, value: str | None
) -> str:
    """``PATCH editType``: one property at a time; answers the property's name."""
    ticket = await get_ticket(session, actor, ticket_id)
    before = watched_fields(ticket)
    number = _number(value)
    if edit_type == "status":
        require_ticket_privilege(actor, UPDATE_STATUS)
        ticket.status_id = await _required(session, TicketStatus, number, "value")
    elif edit_type == "priority":
        require_ticket_privilege(actor, UPDATE_PRIORITY)
        ticket.priority_id = await _required(session, TicketPriority, number, "value")
    elif edit_type == "type":
        require_ticket_privilege(actor, UPDATE_TYPE)
        ticket.type_id = await _required(session, TicketType, number, "value")
    elif edit_type == "group":
        require_ticket_privilege(actor, ASSIGN_GROUP)
        ticket.group_id = await _required(session, SupportGroup, number, "value")
    elif edit_type == "team":
        require_ticket_privilege(actor, ASSIGN_GROUP)
        ticket.team_id = await _required(session, SupportTeam, number, "value")
    elif edit_type == "star":
        _require_staff(actor)
        ticket.is_starred = not ticket.is_starred
    elif edit_type == "label":
        _require_staff(actor)
        await _toggle_label(session, actor, ticket, number)
    else:
        raise ValidationFailed.for_field(
            "editType", "editType must be status, type, priority, group, team, label or star."
        )
    await session.flush()
    publish_changes(session, ticket, before)
    return edit_type


async def assign_agent(session: AsyncSession, actor: Actor, ticket_id: int, agent_id: int) -> None:
    require_ticket_privilege(actor, ASSIGN_TICKET)
    ticket = await get_ticket(session, actor, ticket_id)
    before = watched_fields(ticket)
    ticket.agent_id = (await staff_user(session, agent_id)).id
    await session.flush()
    publish_changes(session, ticket, before)


async def staff_user(session: AsyncSession, user_id: int) -> User:
    """A user with an agent-side role (clients send the user id)."""
    user = await session.scalar(
        select(User)
        .join(UserInstance, UserInstance.user_id == User.id)
        .where(
            User.id == user_id,
            UserInstance.role.in_((SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT)),
        )
    )
    if user is None:
        raise ValidationFailed.for_field("id", f"Agent {user_id} not found.")
    return user


async def add_collaborator(session: AsyncSession, actor: Actor, ticket_id: int, email: str) -> User:
    require_ticket_privilege(actor, ADD_COLLABORATOR)
    ticket = await get_ticket(session, actor, ticket_id)
    collaborator = await customer_for(session, email, "")
    if collaborator.id not in {user.id for user in ticket.collaborators}:
        ticket.collaborators.append(collaborator)
        publish(session, ticket.id, Trigger.COLLABORATOR_ADDED, user_type="agent")
    await session.flush()
    return collaborator


async def remove_collaborator(
    session: AsyncSession, actor: Actor, ticket_id: int, collaborator_id: int
) -> None:
    require_ticket_privilege(actor, DELETE_COLLABORATOR)
    ticket = await get_ticket(session, actor, ticket_id)
    remaining = [user for user in ticket.collaborators if user.id != collaborator_id]
    if len(remaining) == len(ticket.collaborators):
        raise NotFound(f"Collaborator {collaborator_id} not found on this ticket.")
    ticket.collaborators = remaining
    await session.flush()


async def add_tag(session: AsyncSession, actor: Actor, ticket_id: int, name: str) -> SupportTag:
    require_ticket_privilege(actor, ADD_TAG)
    ticket = await get_ticket(session, actor, ticket_id)
    tag = await tag_named(session, name.strip())
    if tag.id not in {existing.id for existing in ticket.tags}:
        ticket.tags.append(tag)
    await session.flush()
    return tag


async def remove_tag(session: AsyncSession, actor: Actor, ticket_id: int, tag_id: int) -> None:
    require_ticket_privilege(actor, DELETE_TAG)
    ticket = await get_ticket(session, actor, ticket_id)
    remaining = [tag for tag in ticket.tags if tag.id != tag_id]
    if len(remaining) == len(ticket.tags):
        raise NotFound(f"Tag {tag_id} not found on this ticket.")
    ticket.tags = remaining
    await session.flush()


async def trash(session: AsyncSession, actor: Actor, ticket_id: int) -> None:
    require_ticket_privilege(actor, DELETE_TICKET)
    (await get_ticket(session, actor, ticket_id)).is_trashed = True
    await session.flush()


async def restore(session: AsyncSession, actor: Actor, ticket_id: int) -> None:
    require_ticket_privilege(actor, RESTORE_TICKET)
    (await get_ticket(session, actor, ticket_id)).is_trashed = False
    await session.flush()


async def delete_tickets(session: AsyncSession, tickets: Sequence[Ticket]) -> None:
    """Delete tickets for good, with their threads, attachments and search documents.

    The one way tickets leave the database (the bulk delete, removed customers; a single
    DELETE only trashes, as in UVdesk): whatever must go with a ticket goes here, stored
    files included (after commit).
    Callers have checked the caller's rights."""
    await erase_tickets(session, [ticket.id for ticket in tickets])


async def delete_tickets_of_customer(session: AsyncSession, customer_id: int) -> None:
    """A removed customer's tickets go with them, as in UVdesk."""
    await delete_tickets(
        session,
        list(await session.scalars(select(Ticket).where(Ticket.customer_id == customer_id))),
    )


async def unassign_agent(session: AsyncSession, agent_id: int) -> None:
    """A removed member's tickets stay, assigned to nobody."""
    await session.execute(
        update(Ticket)
        .where(Ticket.agent_id == agent_id)
        .values(agent_id=None)
        .execution_options(synchronize_session=False)
    )


async def detach_mailbox(session: AsyncSession, mailbox_id: int) -> None:
    """A removed mailbox's tickets stay, from no mailbox."""
    await _let_go(session, Ticket.mailbox_id, mailbox_id)


async def delete_ticket_type(session: AsyncSession, actor: Actor, type_id: int) -> None:
    """Remove a ticket type; its tickets stay, without a type (the foreign key would
    otherwise refuse the delete)."""
    require_privilege(actor, MANAGE_TICKET_TYPE)
    await _let_go(session, Ticket.type_id, type_id)
    await catalog.delete_type(session, actor, type_id)


async def delete_unit(
    session: AsyncSession, actor: Actor, model: type[organisation.Unit], unit_id: int
) -> None:
    """Remove a group or team; its tickets stay, without one, as when UVdesk removes it."""
    is_group = model is SupportGroup
    require_privilege(actor, MANAGE_GROUP if is_group else MANAGE_SUB_GROUP)
    await _let_go(session, Ticket.group_id if is_group else Ticket.team_id, unit_id)
    await organisation.delete_unit(session, actor, model, unit_id)


async def _let_go(
    session: AsyncSession, column: InstrumentedAttribute[int | None], value: int
) -> None:
    """Tickets referring to a row about to be removed refer to nothing instead."""
    await session.execute(update(Ticket).where(column == value).values({column: None}))


async def _toggle_label(
    session: AsyncSession, actor: Actor, ticket: Ticket, label_id: int | None
) -> None:
    if label_id is None:
        raise ValidationFailed.for_field("value", "value must be a label id.")
    label = await own_label(session, actor, label_id)
    if label.id in {existing.id for existing in ticket.labels}:
        ticket.labels = [existing for existing in ticket.labels if existing.id != label.id]
    else:
        ticket.labels.append(label)


WATCHED = {
    "status_id": Trigger.STATUS,
    "priority_id": Trigger.PRIORITY,
    "type_id": Trigger.TYPE,
    "group_id": Trigger.GROUP,
    "team_id": Trigger.TEAM,
    "agent_id": Trigger.AGENT,
}


def watched_fields(ticket: Ticket) -> dict[str, int | None]:
    return {attribute: getattr(ticket, attribute) for attribute in WATCHED}


def publish_changes(
    session: AsyncSession,
    ticket: Ticket,
    before: dict[str, int | None],
    user_type: str = "agent",
) -> None:
    """An event for each watched field of ``ticket`` that differs from ``before``."""
    for attribute, trigger in WATCHED.items():
        if getattr(ticket, attribute) != before[attribute]:
            publish(session, ticket.id, trigger, user_type=user_type)


def _require_staff(actor: Actor) -> None:
    if not is_support_agent(actor):
        raise PermissionDenied("Only agents can do this.")


def _number(value: str | None) -> int | None:
    if value is None or not str(value).strip():
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise ValidationFailed.for_field("value", "value must be a number.") from None


async def _known(
    session: AsyncSession, model: type[Any], item_id: int | None, field_name: str
) -> int | None:
    if item_id is None:
        return None
    if await session.get(model, item_id) is None:
        raise ValidationFailed.for_field(field_name, f"Unknown {field_name} {item_id}.")
    return item_id


async def _required(
    session: AsyncSession, model: type[Any], item_id: int | None, field_name: str
) -> int:
    if item_id is None:
        raise ValidationFailed.for_field(field_name, f"{field_name} is required.")
    known = await _known(session, model, item_id, field_name)
    return item_id if known is None else known


@dataclass(frozen=True, slots=True)
class BulkResult:
    applied: list[int]
    missing: list[int]


BULK_PRIVILEGES = {
    "trash": DELETE_TICKET,
    "delete": DELETE_TICKET,
    "restore": RESTORE_TICKET,
    "status": UPDATE_STATUS,
    "priority": UPDATE_PRIORITY,
    "group": ASSIGN_GROUP,
    "agent": ASSIGN_TICKET,
    "label": "",
}


async def bulk(
    session: AsyncSession, actor: Actor, ids: Sequence[int], operation: str, value: int | None
) -> BulkResult:
    """Apply one operation to many tickets; ids not found or out of scope are reported."""
    if not ids:
        raise ValidationFailed.for_field("ids", "ids is required.")
    privilege = BULK_PRIVILEGES[operation]
    if privilege:
        require_ticket_privilege(actor, privilege)
    else:
        _require_staff(actor)
    change = None if operation == "delete" else await _bulk_change(session, actor, operation, value)
    tickets = list(
        await session.scalars(select(Ticket).where(Ticket.id.in_(ids), visible_tickets(actor)))
    )
    if change is None:
        await delete_tickets(session, tickets)
    else:
        for ticket in tickets:
            before = watched_fields(ticket)
            await change(ticket)
            publish_changes(session, ticket, before)
        await session.flush()
    applied = sorted(ticket.id for ticket in tickets)
    return BulkResult(applied, [i for i in ids if i not in set(applied)])


async def _bulk_change(
    session: AsyncSession, actor: Actor, operation: str, value: int | None
) -> Callable[[Ticket], Awaitable[None]]:
    """What a bulk operation other than ``delete`` does to each ticket."""
    targets: dict[str, tuple[type[Any], str]] = {
        "status": (TicketStatus, "status_id"),
        "priority": (TicketPriority, "priority_id"),
        "group": (SupportGroup, "group_id"),
    }
    if operation in targets:
        model, attribute = targets[operation]
        chosen = await _required(session, model, value, f"{operation}Id")

        async def assign(ticket: Ticket) -> None:
            setattr(ticket, attribute, chosen)

        return assign
    if operation == "agent":
        agent = await staff_user(session, value or 0)

        async def give(ticket: Ticket) -> None:
            ticket.agent_id = agent.id

        return give
    if operation == "label":
        label = await own_label(session, actor, value or 0)

        async def label_it(ticket: Ticket) -> None:
            if label.id not in {existing.id for existing in ticket.labels}:
                ticket.labels.append(label)

        return label_it
    trashed = operation == "trash"

    async def move(ticket: Ticket) -> None:
        ticket.is_trashed = trashed

    return move
