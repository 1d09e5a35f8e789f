"""Attachments and links of a chat under /public/v1/helpdesk/chats/{chatId}/."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk.api.common.documented import created, json_or_file, ok
from helpdesk.api.common.downloads import file_response, wants_file
from helpdesk.api.common.session import DbSession
from helpdesk.api.common.uploads import upload_of
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.bodies import file_parts, json_or_multipart
from helpdesk.api.marketplace.chat_views import (
    AttachmentBody,
    LinkCreate,
    LinkUpdate,
    attachment_view,
    link_view,
)
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.domain.chats import content as service
from helpdesk.domain.shared.errors import UnsupportedMediaType, ValidationFailed

router = APIRouter(prefix="/public/v1/helpdesk/chats/{chat_id}", tags=["Marketplace: chat files"])


@router.get("/attachments", responses=ok(schemas.ChatAttachmentCollection))
async def list_attachments(
    chat_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    found = await service.list_attachments(session, actor, chat_id, params.query)
    return envelope(found.item, lambda item: attachment_view(item, found.chat), params.selection)


@router.post("/attachments", status_code=201, responses=created(schemas.ChatAttachment))
async def create_attachment(
    chat_id: str, request: Request, actor: MarketplaceActor, session: DbSession
) -> Any:
    body, form = await json_or_multipart(request, AttachmentBody, "attachment")
    files = file_parts(form, "file") if form is not None else []
    if form is None:
        raise UnsupportedMediaType("Attachments are uploaded as multipart/form-data.")
    if len(files) != 1:
        raise ValidationFailed.for_field("file", "Send exactly one 'file' part.")
    draft = service.AttachmentDraft(
        name=body.name,
        description=body.description,
        message=body.message.id if body.message else None,
    )
    attached = await service.attach(session, actor, chat_id, draft, upload_of(files[0]))
    return attachment_view(attached.item, attached.chat)


@router.get("/attachments/{attachment_id}", responses=json_or_file(schemas.ChatAttachment))
async def get_attachment(
    chat_id: str,
    attachment_id: str,
    request: Request,
    *,
    actor: MarketplaceActor,
    session: DbSession,
) -> Any:
    if wants_file(request):
        attachment = await service.downloadable_attachment(session, actor, chat_id, attachment_id)
        return file_response(session, attachment.file)
    found = await service.get_attachment(session, actor, chat_id, attachment_id)
    return attachment_view(found.item, found.chat)


@router.put("/attachments/{attachment_id}", responses=ok(schemas.ChatAttachment))
async def update_attachment(
    chat_id: str,
    attachment_id: str,
    body: AttachmentBody,
    actor: MarketplaceActor,
    session: DbSession,
) -> Any:
    values = body.model_dump(exclude_unset=True, include={"name", "description"})
    changed = await service.change_attachment(session, actor, chat_id, attachment_id, values)
    return attachment_view(changed.item, changed.chat)


@router.delete("/attachments/{attachment_id}", status_code=204)
async def delete_attachment(
    chat_id: str, attachment_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_attachment(session, actor, chat_id, attachment_id)
    return Response(status_code=204)


@router.get("/links", responses=ok(schemas.ChatLinkCollection))
async def list_links(
    chat_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    found = await service.list_links(session, actor, chat_id, params.query)
    return envelope(found.item, lambda link: link_view(link, found.chat), params.selection)


@router.post("/links", status_code=201, responses=created(schemas.ChatLink))
async def create_link(
    chat_id: str, body: LinkCreate, actor: MarketplaceActor, session: DbSession
) -> Any:
    draft = service.LinkDraft(
        uri=body.uri,
        name=body.name,
        message=body.message.id if body.message else None,
        object_id=body.objectId,
        icon=body.icon,
    )
    added = await service.add_link(session, actor, chat_id, draft)
    return link_view(added.item, added.chat)


@router.get("/links/{link_id}", responses=ok(schemas.ChatLink))
async def get_link(chat_id: str, link_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    found = await service.get_link(session, actor, chat_id, link_id)
    return link_view(found.item, found.chat)


@router.put("/links/{link_id}", responses=ok(schemas.ChatLink))
async def update_link(
    chat_id: str, link_id: str, body: LinkUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    changed = await service.change_link(session, actor, chat_id, link_id, body.values())
    return link_view(changed.item, changed.chat)


@router.delete("/links/{link_id}", status_code=204)
async def delete_link(
    chat_id: str, link_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_link(session, actor, chat_id, link_id)
    return Response(status_code=204)
