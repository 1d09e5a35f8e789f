"""Agent privilege sets at ``/api/agent-privileges.json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.wire import php_datetime_object
from helpdesk.domain.identity import privileges as service
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX
from helpdesk.domain.support.company import company_timezone

router = APIRouter(tags=["UVdesk: agent privileges"])

PRIVILEGES = ListSpec(
    per_page=10,
    default_sort="createdAt",
    sorts={"name": "name", "createdat": "createdAt"},
    search=("name",),
)


async def _save(
    request: Request, actor: UvdeskActor, session: DbSession, privilege_id: int | None
) -> Any:
    fields = await read_fields(request)
    record = await service.save_privilege(
        session,
        actor,
        name=fields.required_text("name"),
        description=fields.text("description", DESCRIPTION_MAX) or "",
        privileges=fields.items("privileges"),
        privilege_id=privilege_id,
    )
    return {"message": "Success ! Privilege information saved successfully.", "id": record.id}


PRIVILEGE_BODY = Body(
    Read.required_text("name"), Read.text("description", DESCRIPTION_MAX), Read.items("privileges")
)


@router.get("/api/agent-privileges.json", responses=ok(schemas.PrivilegePage))
async def list_privileges(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(PRIVILEGES)
) -> Any:
    page = await service.list_privileges(session, actor, listing.query)
    timezone = await company_timezone(session)
    return {
        "privileges": [
            {
                "id": item.id,
                "privileges": item.privileges,
                "name": item.name,
                "description": item.description,
                "createdAt": php_datetime_object(item.created_at, timezone),
            }
            for item in page.items
        ],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.post(
    "/api/agent-privileges.json", responses=ok(schemas.CreatedOutcome), openapi_extra=PRIVILEGE_BODY
)
async def add_privilege(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    return await _save(request, actor, session, None)


@router.put(
    "/api/agent-privilege/{privilege_id:id}.json",
    responses=ok(schemas.CreatedOutcome),
    openapi_extra=PRIVILEGE_BODY,
)
async def edit_privilege(
    privilege_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    return await _save(request, actor, session, privilege_id)


@router.delete("/api/agent-privilege/{privilege_id:id}.json", responses=ok(schemas.Outcome))
async def delete_privilege(privilege_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_privilege(session, actor, privilege_id)
    return {"message": "Success ! Privilege removed successfully."}
