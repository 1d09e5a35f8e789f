"""Chats at /public/v1/helpdesk/chats (listing every chat is for operations)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk.api.common.documented import created, file_only, ok
from helpdesk.api.common.downloads import file_response
from helpdesk.api.common.session import DbSession
from helpdesk.api.common.uploads import upload_of
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.bodies import file_parts, json_or_multipart
from helpdesk.api.marketplace.chat_views import ChatCreate, ChatUpdate, chat_view
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.core.database import Session
from helpdesk.domain.chats import service
from helpdesk.domain.chats.models import Chat
from helpdesk.domain.chats.participants import participants_of
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound
from helpdesk.domain.shared.listing import Page

router = APIRouter(prefix="/public/v1/helpdesk/chats", tags=["Marketplace: chats"])
OMITTED = ("participants",)


async def render_page(
    session: Session, page: Page[Chat], params: CollectionParams
) -> dict[str, Any]:
    wanted = "participants" in params.selection.added
    members = await participants_of(session, [c.id for c in page.items]) if wanted else {}
    return envelope(
        page,
        lambda chat: chat_view(chat, members.get(chat.id, []) if wanted else None),
        params.selection,
        OMITTED,
    )


async def render(session: Session, chat: Chat) -> dict[str, Any]:
    members = await participants_of(session, [chat.id])
    return chat_view(chat, members.get(chat.id, []))


async def attach_icon(session: Session, actor: Actor, chat: Chat, form: Any) -> None:
    icons = file_parts(form, "icon") if form is not None else []
    if icons:
        await service.set_icon(session, actor, chat, upload_of(icons[0]))


@router.get("", responses=ok(schemas.ChatCollection))
async def list_chats(params: CollectionParams, actor: MarketplaceActor, session: DbSession) -> Any:
    page = await service.list_chats(session, actor, params.query)
    return await render_page(session, page, params)


@router.post("", status_code=201, responses=created(schemas.Chat))
async def create_chat(request: Request, actor: MarketplaceActor, session: DbSession) -> Any:
    body, form = await json_or_multipart(request, ChatCreate, "chat")
    chat = await service.create_chat(session, actor, body.draft())
    await attach_icon(session, actor, chat, form)
    return await render(session, chat)


@router.get("/{chat_id}", responses=ok(schemas.Chat))
async def get_chat(chat_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return await render(session, await service.get_chat(session, actor, chat_id))


@router.put("/{chat_id}", responses=ok(schemas.Chat))
async def update_chat(
    chat_id: str, request: Request, actor: MarketplaceActor, session: DbSession
) -> Any:
    body, form = await json_or_multipart(request, ChatUpdate, "chat")
    chat = await service.change_chat(session, actor, chat_id, body.changes())
    await attach_icon(session, actor, chat, form)
    return await render(session, chat)


@router.get("/{chat_id}/icon", response_class=Response, responses=file_only())
async def get_icon(chat_id: str, actor: MarketplaceActor, session: DbSession) -> Response:
    chat = await service.get_chat(session, actor, chat_id)
    if chat.icon_file is None:
        raise NotFound(f"Chat {chat_id} has no icon.")
    return file_response(session, chat.icon_file)
