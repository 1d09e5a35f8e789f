"""Parameter groups and the ordered parameters in them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.forms.models import FormSection, GroupParameter, ParameterGroup
from helpdesk.domain.forms.parameters import get_parameter
from helpdesk.domain.identity.ownership import (
    account_paths,
    owning_account_id,
    require_owner,
    visible_owned,
)
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, OrderTerm, Page, fetch_page

EDITABLE = frozenset({"name", "label", "description"})

GROUP_FIELDS = Fields(
    {
        "id": ParameterGroup.public_id,
        "name": ParameterGroup.name,
        "label": ParameterGroup.label,
        "description": ParameterGroup.description,
        "revision": ParameterGroup.revision,
        "audit.created.at": ParameterGroup.created_at,
        "audit.updated.at": ParameterGroup.updated_at,
    }
).merge(account_paths(ParameterGroup.account_id))
MEMBER_FIELDS = Fields(
    {
        "id": GroupParameter.public_id,
        "displayOrder": GroupParameter.display_order,
        "audit.created.at": GroupParameter.created_at,
    }
)

MEMBER_ORDER = (OrderTerm("displayOrder"),)


async def get_group(session: AsyncSession, actor: Actor, public_id: str) -> ParameterGroup:
    group = await session.scalar(
        select(ParameterGroup)
        .where(
            ParameterGroup.public_id == public_id,
            visible_owned(actor, ParameterGroup.account_id),
        )
        .execution_options(populate_existing=True)
    )
    if group is None:
        raise NotFound(f"Parameter group {public_id} not found.")
    return group


async def list_groups(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Page[ParameterGroup]:
    statement = select(ParameterGroup).where(visible_owned(actor, ParameterGroup.account_id))
    return await fetch_page(session, statement, GROUP_FIELDS, query, primary_key=ParameterGroup.id)


async def create_group(
    session: AsyncSession, actor: Actor, values: Mapping[str, Any], account: str | None = None
) -> ParameterGroup:
    if not values.get("name"):
        raise ValidationFailed.for_field("name", "A parameter group needs a name.")
    group = ParameterGroup(
        public_id=await allocate_public_id(session, ParameterGroup.public_id, "PGR", 2),
        account_id=await owning_account_id(session, actor, account),
    )
    _assign(group, values)
    record_created(group, actor)
    session.add(group)
    await session.flush()
    return await get_group(session, actor, group.public_id)


async def change_group(
    session: AsyncSession, actor: Actor, public_id: str, values: Mapping[str, Any]
) -> ParameterGroup:
    group = await get_group(session, actor, public_id)
    require_owner(actor, group.account_id, "parameter group")
    _assign(group, values)
    if not group.name:
        raise ValidationFailed.for_field("name", "A parameter group needs a name.")
    record_change(group, actor)
    await session.flush()
    return group


async def delete_group(session: AsyncSession, actor: Actor, public_id: str) -> None:
    group = await get_group(session, actor, public_id)
    require_owner(actor, group.account_id, "parameter group")
    if await session.scalar(select(exists().where(FormSection.group_id == group.id))):
        raise Conflict(f"Parameter group {public_id} is still used by forms.")
    await session.delete(group)
    await session.flush()


async def list_members(
    session: AsyncSession, actor: Actor, group_id: str, query: ListQuery
) -> Page[GroupParameter]:
    group = await get_group(session, actor, group_id)
    if not query.order:
        query = ListQuery(query.filter, MEMBER_ORDER, query.limit, query.offset)
    statement = select(GroupParameter).where(GroupParameter.group_id == group.id)
    return await fetch_page(session, statement, MEMBER_FIELDS, query, primary_key=GroupParameter.id)


async def get_member(
    session: AsyncSession, actor: Actor, group_id: str, public_id: str
) -> GroupParameter:
    group = await get_group(session, actor, group_id)
    member = await session.scalar(
        select(GroupParameter).where(
            GroupParameter.group_id == group.id, GroupParameter.public_id == public_id
        )
    )
    if member is None:
        raise NotFound(f"Parameter {public_id} not found in group {group_id}.")
    return member


async def add_member(
    session: AsyncSession, actor: Actor, group_id: str, parameter_id: str, display_order: int
) -> GroupParameter:
    group = await get_group(session, actor, group_id)
    require_owner(actor, group.account_id, "parameter group")
    definition = await get_parameter(session, actor, parameter_id)
    taken = await session.scalar(
        select(
            exists().where(
                GroupParameter.group_id == group.id, GroupParameter.parameter_id == definition.id
            )
        )
    )
    if taken:
        raise Conflict(f"Parameter {parameter_id} is already in group {group_id}.")
    member = GroupParameter(
        public_id=await allocate_public_id(session, GroupParameter.public_id, "PGP", 2),
        group_id=group.id,
        parameter_id=definition.id,
        display_order=display_order,
    )
    record_created(member, actor)
    session.add(member)
    record_change(group, actor)
    await session.flush()
    await session.refresh(member, ["parameter"])
    return member


async def move_member(
    session: AsyncSession, actor: Actor, group_id: str, public_id: str, display_order: int
) -> GroupParameter:
    member = await get_member(session, actor, group_id, public_id)
    group = await get_group(session, actor, group_id)
    require_owner(actor, group.account_id, "parameter group")
    member.display_order = display_order
    record_change(member, actor)
    record_change(group, actor)
    await session.flush()
    return member


async def remove_member(session: AsyncSession, actor: Actor, group_id: str, public_id: str) -> None:
    member = await get_member(session, actor, group_id, public_id)
    group = await get_group(session, actor, group_id)
    require_owner(actor, group.account_id, "parameter group")
    await session.delete(member)
    record_change(group, actor)
    await session.flush()


def _assign(group: ParameterGroup, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name in EDITABLE:
            setattr(group, name, value)
