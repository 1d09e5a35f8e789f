"""Ticket types, tags and labels: the vocabulary tickets are filed with."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import is_support_agent, require_privilege
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page
from helpdesk.domain.support.access import (
    MANAGE_TAG,
    MANAGE_TICKET_TYPE,
    require_staff,
)
from helpdesk.domain.support.models import SupportLabel, SupportTag, TicketType

TYPE_FIELDS = Fields(
    {
        "id": TicketType.id,
        "name": TicketType.code,
        "description": TicketType.description,
        "isActive": TicketType.is_active,
    }
)


async def list_types(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[TicketType]:
    require_staff(actor)
    return await fetch_page(
        session, select(TicketType), TYPE_FIELDS, query, primary_key=TicketType.id
    )


async def save_type(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str,
    description: str,
    active: bool,
    type_id: int | None = None,
) -> TicketType:
    require_privilege(actor, MANAGE_TICKET_TYPE)
    ticket_type = TicketType() if type_id is None else await _get(session, TicketType, type_id)
    clash = await session.scalar(
        select(TicketType.id).where(TicketType.code == name, TicketType.id != (type_id or 0))
    )
    if clash is not None:
        raise Conflict(f"A ticket type named {name} already exists.")
    ticket_type.code, ticket_type.description, ticket_type.is_active = name, description, active
    if type_id is None:
        session.add(ticket_type)
    await session.flush()
    return ticket_type


async def delete_type(session: AsyncSession, actor: Actor, type_id: int) -> None:
    require_privilege(actor, MANAGE_TICKET_TYPE)
    await session.delete(await _get(session, TicketType, type_id))
    await session.flush()


async def rename_tag(session: AsyncSession, actor: Actor, tag_id: int, name: str) -> SupportTag:
    require_privilege(actor, MANAGE_TAG)
    tag = await _get(session, SupportTag, tag_id)
    if await session.scalar(
        select(SupportTag.id).where(SupportTag.name == name, SupportTag.id != tag_id)
    ):
        raise Conflict(f"A tag named {name} already exists.")
    tag.name = name
    await session.flush()
    return tag


async def delete_tag(session: AsyncSession, actor: Actor, tag_id: int) -> None:
    require_privilege(actor, MANAGE_TAG)
    await session.delete(await _get(session, SupportTag, tag_id))
    await session.flush()


async def tag_named(session: AsyncSession, name: str) -> SupportTag:
    """The tag with this name, created on first use."""
    tag = await session.scalar(select(SupportTag).where(SupportTag.name == name))
    if tag is None:
        tag = SupportTag(name=name)
        session.add(tag)
        await session.flush()
    return tag


async def create_label(
    session: AsyncSession, actor: Actor, name: str, color: str | None
) -> SupportLabel:
    owner = _label_owner(actor)
    label = SupportLabel(name=name, color=color, user_instance_id=owner)
    session.add(label)
    await session.flush()
    return label


async def own_label(session: AsyncSession, actor: Actor, label_id: int) -> SupportLabel:
    """Labels are private to the agent who made them: anyone else's is not found."""
    label = await session.scalar(
        select(SupportLabel).where(
            SupportLabel.id == label_id, SupportLabel.user_instance_id == _label_owner(actor)
        )
    )
    if label is None:
        raise NotFound(f"Label {label_id} not found.")
    return label


async def change_label(
    session: AsyncSession, actor: Actor, label_id: int, name: str | None, color: str | None
) -> SupportLabel:
    label = await own_label(session, actor, label_id)
    if name is not None:
        if not name.strip():
            raise ValidationFailed.for_field("name", "name is required.")
        label.name = name
    if color is not None:
        label.color = color
    await session.flush()
    return label


async def delete_label(session: AsyncSession, actor: Actor, label_id: int) -> None:
    await session.delete(await own_label(session, actor, label_id))
    await session.flush()


def _label_owner(actor: Actor) -> int:
    if actor.support is None or not is_support_agent(actor):
        raise PermissionDenied("Labels belong to agents.")
    return actor.support.instance_id


async def _get[M: (TicketType, SupportTag)](
    session: AsyncSession, model: type[M], item_id: int
) -> M:
    item = await session.get(model, item_id)
    if item is None:
        raise NotFound(f"{model.__name__} {item_id} not found.")
    return item
