"""Groups (``/api/groups.json``) and teams (``/api/sub-groups.json``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.wire import php_datetime_object
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX
from helpdesk.domain.support import organisation as service
from helpdesk.domain.support.company import company_timezone
from helpdesk.domain.support.models import SupportGroup, SupportTeam
from helpdesk.domain.tickets import service as tickets

router = APIRouter(tags=["UVdesk: groups and teams"])

# The seed: ``sort`` (ap.createdAt|ap.name), default ap.createdAt; ``isActive`` 0|1.
UNITS = ListSpec(
    per_page=10,
    default_sort="createdAt",
    sorts={"name": "name", "createdat": "createdAt"},
    search=("name",),
    states={"isActive": "isActive"},
)


def unit_view(unit: service.Unit, timezone: str) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": unit.id,
        "name": unit.name,
        "description": unit.description,
        "createdAt": php_datetime_object(unit.created_at, timezone),
        "isActive": unit.is_active,
    }
    if isinstance(unit, SupportGroup):
        view["userView"] = None
    return view


def draft(fields: Fields, related: str) -> service.UnitDraft:
    return service.UnitDraft(
        name=fields.text("name"),
        description=fields.text("description", DESCRIPTION_MAX),
        active=fields.flag("isActive"),
        users=fields.integers("users") if fields.has("users") else None,
        related=fields.integers(related) if fields.has(related) else None,
    )


async def _list(
    session: DbSession, actor: UvdeskActor, model: type[service.Unit], listing: UvdeskList
) -> dict[str, Any]:
    page = await service.list_units(session, actor, model, listing.query)
    timezone = await company_timezone(session)
    return {
        "groups": [unit_view(unit, timezone) for unit in page.items],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


UNIT_FIELDS = (
    Read.required_text("name"),
    Read.text("description", DESCRIPTION_MAX),
    Read.flag("isActive"),
    Read.integers("users"),
)
GROUP_BODY = Body(*UNIT_FIELDS, Read.integers("subgroups"))
TEAM_BODY = Body(*UNIT_FIELDS, Read.integers("groups"))


@router.get("/api/groups.json", responses=ok(schemas.UnitPage))
async def list_groups(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(UNITS)
) -> Any:
    return await _list(session, actor, SupportGroup, listing)


@router.post("/api/groups.json", responses=ok(schemas.CreatedOutcome), openapi_extra=GROUP_BODY)
async def add_group(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    fields.required_text("name")
    group = await service.save_unit(session, actor, SupportGroup, draft(fields, "subgroups"))
    return {"message": "Success! Group has been added successfully.", "id": group.id}


@router.put(
    "/api/group/{group_id:id}.json", responses=ok(schemas.CreatedOutcome), openapi_extra=GROUP_BODY
)
async def edit_group(
    group_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    group = await service.save_unit(
        session, actor, SupportGroup, draft(fields, "subgroups"), group_id
    )
    return {"message": "Success! Group has been updated successfully.", "id": group.id}


@router.delete("/api/group/{group_id:id}.json", responses=ok(schemas.Outcome))
async def delete_group(group_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await tickets.delete_unit(session, actor, SupportGroup, group_id)
    return {"message": "Success ! Group removed successfully."}


@router.get("/api/sub-groups.json", responses=ok(schemas.UnitPage))
async def list_teams(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(UNITS)
) -> Any:
    return await _list(session, actor, SupportTeam, listing)


@router.post("/api/sub-groups.json", responses=ok(schemas.CreatedOutcome), openapi_extra=TEAM_BODY)
async def add_team(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    fields.required_text("name")
    team = await service.save_unit(session, actor, SupportTeam, draft(fields, "groups"))
    return {"message": "Success! Team has been added successfully.", "id": team.id}


@router.put(
    "/api/sub-group/{team_id:id}.json",
    responses=ok(schemas.CreatedOutcome),
    openapi_extra=TEAM_BODY,
)
async def edit_team(team_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    team = await service.save_unit(session, actor, SupportTeam, draft(fields, "groups"), team_id)
    return {"message": "Success! Team has been updated successfully.", "id": team.id}


@router.delete("/api/sub-group/{team_id:id}.json", responses=ok(schemas.Outcome))
async def delete_team(team_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await tickets.delete_unit(session, actor, SupportTeam, team_id)
    return {"message": "Success ! SubGroup removed successfully."}
