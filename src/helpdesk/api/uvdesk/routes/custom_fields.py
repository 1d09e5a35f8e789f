"""Custom fields: ``/api/custom-fields.json`` and ``/api/custom-field/{id}.json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.api.uvdesk.ticket_views import type_view
from helpdesk.api.uvdesk.wire import php_datetime
from helpdesk.domain.support import custom_fields as service
from helpdesk.domain.support.company import company_timezone
from helpdesk.domain.support.models import CustomField, TicketType

router = APIRouter(tags=["UVdesk: custom fields"])

FIELDS = ListSpec(per_page=10, default_sort="sortOrder", sorts={"name": "name"}, search=("name",))


def field_view(field: CustomField, types: dict[int, TicketType], timezone: str) -> dict[str, Any]:
    return {
        "id": field.id,
        "name": field.name,
        "agentType": field.agent_type,
        "fieldType": field.field_type,
        "value": field.value,
        "required": field.is_required,
        "status": field.status,
        "sortOrder": field.sort_order,
        "dateAdded": php_datetime(field.created_at, timezone),
        "dateUpdated": php_datetime(field.updated_at, timezone),
        "validation": field.validation,
        "encryption": False,
        "customFieldsDependency": [
            type_view(types[type_id]) for type_id in field.dependency or [] if type_id in types
        ],
        "customFieldValues": field.options,
    }


def draft_from(fields: Fields) -> service.FieldDraft:
    validation = fields.mapping("validation")
    return service.FieldDraft(
        name=fields.text("name"),
        field_type=fields.text("fieldType"),
        agent_type=fields.text("agentType"),
        value=fields.text("value"),
        required=fields.flag("required"),
        status=fields.flag("status"),
        validation=validation if fields.has("validation") or validation else None,
        options=fields.items("options") if fields.has("options") else None,
        dependency=fields.integers("dependency") if fields.has("dependency") else None,
    )


FIELD_BODY = Body(
    Read.text("name"),
    Read.text("fieldType"),
    Read.text("agentType"),
    Read.text("value"),
    Read.flag("required"),
    Read.flag("status"),
    Read.mapping("validation"),
    Read.items("options"),
    Read.integers("dependency"),
)
ORDER_BODY = Body(Read.integers("order"), Read.integers("ids"))


@router.get("/api/custom-fields.json", responses=ok(list[schemas.CustomFieldView]))
async def list_fields(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(FIELDS)
) -> Any:
    found = await service.list_fields(session, actor, listing.query)
    types = await service.dependency_types(session, found)
    timezone = await company_timezone(session)
    return [field_view(field, types, timezone) for field in found]


@router.post(
    "/api/custom-fields.json", responses=ok(schemas.CreatedOutcome), openapi_extra=FIELD_BODY
)
async def add_field(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    field = await service.save_field(session, actor, draft_from(await read_fields(request)))
    return {"message": "Success ! Custom field saved successfully.", "id": field.id}


@router.put("/api/custom-field/order.json", responses=ok(schemas.Outcome), openapi_extra=ORDER_BODY)
async def reorder_fields(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    await service.reorder(session, actor, fields.integers("order") or fields.integers("ids"))
    return {"message": "Success ! Custom fields order updated successfully."}


@router.put(
    "/api/custom-field/{field_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=FIELD_BODY
)
async def edit_field(
    field_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    await service.save_field(session, actor, draft_from(await read_fields(request)), field_id)
    return {"message": "Success ! Custom field updated successfully."}


@router.delete("/api/custom-field/{field_id:id}.json", responses=ok(schemas.Outcome))
async def delete_field(field_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_field(session, actor, field_id)
    return {"message": "Success ! Custom field removed successfully."}
