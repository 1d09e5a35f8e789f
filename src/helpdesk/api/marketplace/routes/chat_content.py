"""Attachments and links of a chat under /public/v1/helpdesk/chats/{chatId}/."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk.api.common.documented import created, json_or_file, ok
from helpdesk.api.common.downloads import file_response, wants_file
from helpdesk.api.common.services import Services
from helpdesk.api.common.session import DbSession
from helpdesk.api.common.uploads import upload_chunks
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
from helpdesk.domain.chats.service import get_chat
from helpdesk.domain.files.service import Upload
from helpdesk.domain.shared.errors import UnsupportedMediaType, ValidationFailed

router = APIRouter(prefix="/public/v1/helpdesk/chats/{chat_id}", tags=["Marketplace: chat files"])


@router.get("/attachments", responses=ok(schemas.ChatAttachmentCollection))
async def list_attachments(
    chat_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    chat = await get_chat(session, actor, chat_id)
    page = await service.list_attachments(session, actor, chat_id, params.query)
    return envelope(page, lambda item: attachment_view(item, chat), params.selection)


@router.post("/attachments", status_code=201, responses=created(schemas.ChatAttachment))
async def create_attachment(
    chat_id: str, request: Request, actor: MarketplaceActor, session: DbSession, services: Services
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
    upload = Upload(upload_chunks(files[0]), files[0].filename, files[0].content_type)
    attachment = await service.attach(
        session,
        actor,
        chat_id,
        draft,
        upload,
        storage=services.storage,
        max_bytes=services.settings.upload_max_bytes,
    )
    return attachment_view(attachment, await get_chat(session, actor, chat_id))


@router.get("/attachments/{attachment_id}", responses=json_or_file(schemas.ChatAttachment))
async def get_attachment(
    chat_id: str,
    attachment_id: str,
    request: Request,
    *,
    actor: MarketplaceActor,
    session: DbSession,
    services: Services,
) -> Any:
    if wants_file(request):
        attachment = await service.downloadable_attachment(session, actor, chat_id, attachment_id)
        return file_response(services.storage, attachment.file)
    attachment = await service.get_attachment(session, actor, chat_id, attachment_id)
    return attachment_view(attachment, await get_chat(session, actor, chat_id))


@router.put("/attachments/{attachment_id}", responses=ok(schemas.ChatAttachment))
async def update_attachment(
    chat_id: str,
    attachment_id: str,
    body: AttachmentBody,
    actor: MarketplaceActor,
    session: DbSession,
) -> Any:
    values = body.model_dump(exclude_unset=True, include={"name", "description"})
    attachment = await service.change_attachment(session, actor, chat_id, attachment_id, values)
    return attachment_view(attachment, await get_chat(session, actor, chat_id))


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
    chat = await get_chat(session, actor, chat_id)
    page = await service.list_links(session, actor, chat_id, params.query)
    return envelope(page, lambda link: link_view(link, chat), params.selection)


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
    link = await service.add_link(session, actor, chat_id, draft)
    return link_view(link, await get_chat(session, actor, chat_id))


@router.get("/links/{link_id}", responses=ok(schemas.ChatLink))
async def get_link(chat_id: str, link_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    link = await service.get_link(session, actor, chat_id, link_id)
    return link_view(link, await get_chat(session, actor, chat_id))


@router.put("/links/{link_id}", responses=ok(schemas.ChatLink))
async def update_link(
    chat_id: str, link_id: str, body: LinkUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    link = await service.change_link(session, actor, chat_id, link_id, body.values())
    return link_view(link, await get_chat(session, actor, chat_id))


@router.delete("/links/{link_id}", status_code=204)
async def delete_link(
    chat_id: str, link_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_link(session, actor, chat_id, link_id)
    return Response(status_code=204)
