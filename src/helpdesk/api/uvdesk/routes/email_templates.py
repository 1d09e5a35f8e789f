"""Email templates: ``/api/email-templates.json`` and ``/api/email-template/{id}.json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.domain.mailboxes import templates as service
from helpdesk.domain.mailboxes.models import EmailTemplate
from helpdesk.domain.shared.bounds import BODY_MAX, SUBJECT_MAX

router = APIRouter(tags=["UVdesk: email templates"])

# The seed: sort (id|name) ASC|DESC, default id (shown newest first); page; search by name.
TEMPLATES = ListSpec(
    per_page=10, sorts={"id": "id", "name": "name"}, search=("name",), newest_first=True
)


def template_row(template: EmailTemplate) -> dict[str, Any]:
    return {"id": template.id, "name": template.name, "defaultTemplate": template.is_default}


def template_view(template: EmailTemplate) -> dict[str, Any]:
    return {
        **template_row(template),
        "subject": template.subject,
        "message": template.message,
        "code": template.code,
    }


def draft_from(fields: Fields) -> service.TemplateDraft:
    return service.TemplateDraft(
        name=fields.text("name"),
        subject=fields.text("subject", SUBJECT_MAX),
        message=fields.text("message", BODY_MAX),
    )


TEMPLATE_BODY = Body(
    Read.text("name"), Read.text("subject", SUBJECT_MAX), Read.text("message", BODY_MAX)
)


@router.get("/api/email-templates.json", responses=ok(list[schemas.EmailTemplateRow]))
async def list_templates(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(TEMPLATES)
) -> Any:
    return [template_row(t) for t in await service.list_templates(session, actor, listing.query)]


@router.post(
    "/api/email-templates.json", responses=ok(schemas.CreatedOutcome), openapi_extra=TEMPLATE_BODY
)
async def add_template(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    template = await service.add_template(session, actor, draft_from(await read_fields(request)))
    return {"message": "Success! Template has been added successfully.", "id": template.id}


@router.get("/api/email-template/{template_id:id}.json", responses=ok(schemas.EmailTemplateView))
async def view_template(template_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    return template_view(await service.view_template(session, actor, template_id))


# The spec: PUT edits, as generated clients call it; POST on the same path edits too.
@router.put(
    "/api/email-template/{template_id:id}.json",
    responses=ok(schemas.CreatedOutcome),
    openapi_extra=TEMPLATE_BODY,
)
@router.post(
    "/api/email-template/{template_id:id}.json",
    responses=ok(schemas.CreatedOutcome),
    openapi_extra=TEMPLATE_BODY,
)
async def edit_template(
    template_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    template = await service.edit_template(session, actor, template_id, draft_from(fields))
    return {"message": "Success! Template has been updated successfully.", "id": template.id}


@router.delete("/api/email-template/{template_id:id}.json", responses=ok(schemas.Outcome))
async def delete_template(template_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_template(session, actor, template_id)
    return {"message": "Success! Template has been deleted successfully."}
