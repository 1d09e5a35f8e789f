"""Saved replies: ``/api/saved-replys.json`` and ``/api/saved-reply/{id}.json``."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.domain.mailboxes import saved_replies as service
from helpdesk.domain.mailboxes.models import SavedReply
from helpdesk.domain.shared.bounds import BODY_MAX
from helpdesk.domain.support.company import COMPANY_ID

router = APIRouter(tags=["UVdesk: saved replies"])

# The seed: sort (id|name) ASC|DESC, default id (shown newest first); page; search by name.
REPLIES = ListSpec(
    per_page=10, sorts={"id": "id", "name": "name"}, search=("name",), newest_first=True
)


def reply_view(reply: SavedReply) -> dict[str, Any]:
    """The seed's keys; those UVdesk fills only for its own predefined replies are null."""
    return {
        "id": reply.id,
        "companyId": COMPANY_ID,
        "templateId": None,
        "name": reply.name,
        "subject": None,
        "isPredefind": None,
        "templateFor": None,
        "message": reply.message,
        "messageInline": None,
        "isShared": reply.owner_id is None,
    }


def draft_from(fields: Fields) -> service.ReplyDraft:
    return service.ReplyDraft(name=fields.text("name"), message=fields.text("message", BODY_MAX))


REPLY_BODY = Body(Read.text("name"), Read.text("message", BODY_MAX))


@router.get("/api/saved-replys.json", responses=ok(list[schemas.SavedReplyView]))
async def list_replies(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(REPLIES)
) -> Any:
    return [reply_view(r) for r in await service.list_replies(session, actor, listing.query)]


@router.post(
    "/api/saved-replys.json", responses=ok(schemas.SavedReplyOutcome), openapi_extra=REPLY_BODY
)
async def add_reply(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    reply = await service.add_reply(session, actor, draft_from(await read_fields(request)))
    return {"msg": "Success! Saved Reply has been added successfully.", "id": reply.id}


@router.put(
    "/api/saved-reply/{reply_id:id}.json",
    responses=ok(schemas.SavedReplyOutcome),
    openapi_extra=REPLY_BODY,
)
async def edit_reply(
    reply_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    reply = await service.edit_reply(session, actor, reply_id, draft_from(fields))
    return {"msg": "Success! Saved Reply has been updated successfully.", "id": reply.id}


@router.delete("/api/saved-reply/{reply_id:id}.json", responses=ok(schemas.Outcome))
async def delete_reply(reply_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_reply(session, actor, reply_id)
    return {"message": "Success! Saved Reply has been deleted successfully."}
