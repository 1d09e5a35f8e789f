"""Agent privilege sets at ``/api/agent-privileges.json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk.bodies import read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListArgs, list_args
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.wire import php_datetime_object
from helpdesk.domain.identity import privileges as service
from helpdesk.domain.support.company import company

router = APIRouter(tags=["UVdesk: agent privileges"])


async def _save(
    request: Request, actor: UvdeskActor, session: DbSession, privilege_id: int | None
) -> Any:
    fields = await read_fields(request)
    record = await service.save_privilege(
        session,
        actor,
        name=fields.required_text("name"),
        description=fields.text("description") or "",
        privileges=fields.items("privileges"),
        privilege_id=privilege_id,
    )
    return {"message": "Success ! Privilege information saved successfully.", "id": record.id}


@router.get("/api/agent-privileges.json")
async def list_privileges(
    actor: UvdeskActor, session: DbSession, args: ListArgs = Depends(list_args)
) -> Any:
    page = await service.list_privileges(
        session,
        actor,
        page=args.page,
        search=args.search,
        sort_by_name=args.sorts_by("name"),
        descending=args.descending,
    )
    timezone = (await company(session)).timezone
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
        "pagination_data": pagination(args.current, page.limit, page.total, len(page.items)),
    }


@router.post("/api/agent-privileges.json")
async def add_privilege(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    return await _save(request, actor, session, None)


@router.put("/api/agent-privilege/{privilege_id:int}.json")
async def edit_privilege(
    privilege_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    return await _save(request, actor, session, privilege_id)


@router.delete("/api/agent-privilege/{privilege_id:int}.json")
async def delete_privilege(privilege_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_privilege(session, actor, privilege_id)
    return {"message": "Success ! Privilege removed successfully."}
