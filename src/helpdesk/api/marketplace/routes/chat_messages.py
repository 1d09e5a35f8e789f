"""Messages of a chat at /public/v1/helpdesk/chats/{chatId}/messages."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.chat_views import MessageBody, MessageUpdate, message_view
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.domain.chats import messages as service
from helpdesk.domain.chats.service import get_chat

router = APIRouter(
    prefix="/public/v1/helpdesk/chats/{chat_id}/messages", tags=["Marketplace: chat messages"]
)


@router.get("", responses=ok(schemas.MessageCollection))
async def list_messages(
    chat_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    chat = await get_chat(session, actor, chat_id)
    page = await service.list_messages(session, actor, chat, params.query)
    return envelope(page, lambda message: message_view(message, chat), params.selection)


@router.post("", status_code=201, responses=created(schemas.Message))
async def post_message(
    chat_id: str, body: MessageBody, actor: MarketplaceActor, session: DbSession
) -> Any:
    message = await service.write_message(session, actor, chat_id, body.content, body.visibility)
    return message_view(message, await get_chat(session, actor, chat_id))


@router.get("/{message_id}", responses=ok(schemas.Message))
async def get_message(
    chat_id: str, message_id: str, actor: MarketplaceActor, session: DbSession
) -> Any:
    message = await service.get_message(session, actor, chat_id, message_id)
    return message_view(message, await get_chat(session, actor, chat_id))


@router.put("/{message_id}", responses=ok(schemas.Message))
async def update_message(
    chat_id: str, message_id: str, body: MessageUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    changes = service.MessageChanges(content=body.content, visibility=body.visibility)
    message = await service.edit_message(session, actor, chat_id, message_id, changes)
    return message_view(message, await get_chat(session, actor, chat_id))


@router.delete("/{message_id}", status_code=204)
async def delete_message(
    chat_id: str, message_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_message(session, actor, chat_id, message_id)
    return Response(status_code=204)
