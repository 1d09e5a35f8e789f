"""Parameter groups at /public/v1/helpdesk/parameter-groups, with their ordered parameters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.config_views import (
    GROUP_NAMES,
    GroupCreate,
    GroupUpdate,
    MemberCreate,
    MemberUpdate,
    group_view,
    member_view,
)
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.domain.forms import groups as service

router = APIRouter(
    prefix="/public/v1/helpdesk/parameter-groups", tags=["Marketplace: parameter groups"]
)


@router.get("", responses=ok(schemas.ParameterGroupCollection))
async def list_groups(params: CollectionParams, actor: MarketplaceActor, session: DbSession) -> Any:
    page = await service.list_groups(session, actor, params.query)
    return envelope(page, group_view, params.selection)


@router.post("", status_code=201, responses=created(schemas.ParameterGroup))
async def create_group(body: GroupCreate, actor: MarketplaceActor, session: DbSession) -> Any:
    account = body.account.id if body.account else None
    values = body.core_values(GROUP_NAMES)
    return group_view(await service.create_group(session, actor, values, account))


@router.get("/{group_id}", responses=ok(schemas.ParameterGroup))
async def get_group(group_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return group_view(await service.get_group(session, actor, group_id))


@router.put("/{group_id}", responses=ok(schemas.ParameterGroup))
async def update_group(
    group_id: str, body: GroupUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    values = body.core_values(GROUP_NAMES)
    return group_view(await service.change_group(session, actor, group_id, values))


@router.delete("/{group_id}", status_code=204)
async def delete_group(group_id: str, actor: MarketplaceActor, session: DbSession) -> Response:
    await service.delete_group(session, actor, group_id)
    return Response(status_code=204)


@router.get("/{group_id}/parameters", responses=ok(schemas.GroupMemberCollection))
async def list_members(
    group_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    group = await service.get_group(session, actor, group_id)
    page = await service.list_members(session, actor, group_id, params.query)
    return envelope(page, lambda member: member_view(member, group), params.selection)


@router.post("/{group_id}/parameters", status_code=201, responses=created(schemas.GroupMember))
async def add_member(
    group_id: str, body: MemberCreate, actor: MarketplaceActor, session: DbSession
) -> Any:
    member = await service.add_member(
        session, actor, group_id, body.parameter.id, body.displayOrder
    )
    return member_view(member, await service.get_group(session, actor, group_id))


@router.get("/{group_id}/parameters/{member_id}", responses=ok(schemas.GroupMember))
async def get_member(
    group_id: str, member_id: str, actor: MarketplaceActor, session: DbSession
) -> Any:
    member = await service.get_member(session, actor, group_id, member_id)
    return member_view(member, await service.get_group(session, actor, group_id))


@router.put("/{group_id}/parameters/{member_id}", responses=ok(schemas.GroupMember))
async def update_member(
    group_id: str, member_id: str, body: MemberUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    member = await service.move_member(session, actor, group_id, member_id, body.displayOrder)
    return member_view(member, await service.get_group(session, actor, group_id))


@router.delete("/{group_id}/parameters/{member_id}", status_code=204)
async def remove_member(
    group_id: str, member_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.remove_member(session, actor, group_id, member_id)
    return Response(status_code=204)
