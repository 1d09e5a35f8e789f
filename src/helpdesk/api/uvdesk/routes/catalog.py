"""Ticket types, tags and labels."""

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
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX
from helpdesk.domain.support import catalog as service
from helpdesk.domain.support.models import SupportLabel, TicketType
from helpdesk.domain.tickets import listing as listing_service
from helpdesk.domain.tickets import service as tickets

router = APIRouter(tags=["UVdesk: ticket types, tags, labels"])

TYPES = ListSpec(
    per_page=10,
    sorts={"id": "id", "name": "name"},
    search=("name",),
    states={"isActive": "isActive"},
)
TAGS = ListSpec(
    per_page=10,
    sorts={"id": "id", "name": "name", "ticketcount": "ticketCount"},
    search=("name",),
)


def type_view(ticket_type: TicketType) -> dict[str, Any]:
    return {
        "id": ticket_type.id,
        "name": ticket_type.code,
        "description": ticket_type.description,
        "isActive": ticket_type.is_active,
    }


def label_view(label: SupportLabel) -> dict[str, Any]:
    return {
        "id": label.id,
        "name": label.name,
        "color": label.color,
        "labelUser": label.user_instance_id,
    }


TYPE_BODY = Body(
    Read.required_text("name"), Read.text("description", DESCRIPTION_MAX), Read.flag("isActive")
)
TAG_BODY = Body(Read.required_text("name"))
LABEL_BODY = Body(Read.text("name"), Read.text("color"))


@router.get("/api/ticket-types.json", responses=ok(schemas.TicketTypePage))
async def list_types(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(TYPES)
) -> Any:
    page = await service.list_types(session, actor, listing.query)
    return {
        "types": [type_view(item) for item in page.items],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.post(
    "/api/ticket-types.json", responses=ok(schemas.CreatedOutcome), openapi_extra=TYPE_BODY
)
@router.post("/api/ticketTypes.json", include_in_schema=False, openapi_extra=TYPE_BODY)
async def add_type(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    ticket_type = await service.save_type(
        session,
        actor,
        name=fields.required_text("name"),
        description=fields.text("description", DESCRIPTION_MAX) or "",
        active=bool(fields.flag("isActive")),
    )
    return {"message": "Success ! Ticket Type saved successfully.", "id": ticket_type.id}


@router.put(
    "/api/ticket-type/{type_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=TYPE_BODY
)
async def edit_type(type_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    await service.save_type(
        session,
        actor,
        name=fields.required_text("name"),
        description=fields.text("description", DESCRIPTION_MAX) or "",
        active=bool(fields.flag("isActive")),
        type_id=type_id,
    )
    return {"message": "Success ! Type updated successfully."}


@router.delete("/api/ticket-type/{type_id:id}.json", responses=ok(schemas.Outcome))
async def delete_type(type_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await tickets.delete_ticket_type(session, actor, type_id)
    return {"message": "Success ! Ticket Type removed successfully."}


@router.get("/api/tags.json", responses=ok(schemas.TagPage))
async def list_tags(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(TAGS)
) -> Any:
    page = await listing_service.list_tags(session, actor, listing.query)
    return {
        "tags": [
            {
                "id": item.tag.id,
                "name": item.tag.name,
                "ticketCount": str(item.tickets),
                "articleCount": str(item.articles),
            }
            for item in page.items
        ],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.put("/api/tag/{tag_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=TAG_BODY)
async def edit_tag(tag_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    await service.rename_tag(session, actor, tag_id, fields.required_text("name"))
    return {"message": "Success ! Tag updated successfully."}


@router.delete("/api/tag/{tag_id:id}.json", responses=ok(schemas.Outcome))
async def delete_tag(tag_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_tag(session, actor, tag_id)
    return {"message": "Success ! Tag removed successfully."}


@router.post("/api/labels.json", responses=ok(schemas.LabelOutcome), openapi_extra=LABEL_BODY)
async def add_label(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    label = await service.create_label(
        session, actor, fields.required_text("name"), fields.text("color")
    )
    return {"message": "Success ! Label created successfully.", "label": label_view(label)}


@router.put(
    "/api/label/{label_id:id}.json", responses=ok(schemas.LabelOutcome), openapi_extra=LABEL_BODY
)
async def edit_label(
    label_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    label = await service.change_label(
        session, actor, label_id, fields.text("name"), fields.text("color")
    )
    return {"label": label_view(label), "message": "Success ! Label updated successfully."}


@router.delete("/api/label/{label_id:id}.json", responses=ok(schemas.Outcome))
async def delete_label(label_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_label(session, actor, label_id)
    return {"message": "Success ! Label removed successfully."}
