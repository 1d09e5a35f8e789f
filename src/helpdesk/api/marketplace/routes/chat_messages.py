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

router = APIRouter(
    prefix="/public/v1/helpdesk/chats/{chat_id}/messages", tags=["Marketplace: chat messages"]
)


@router.get("", responses=ok(schemas.MessageCollection))
async def list_messages(
    chat_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    found = await service.list_chat_messages(session, actor, chat_id, params.query)
    return envelope(found.item, lambda message: message_view(message, found.chat), params.selection)


@router.post("", status_code=201, responses=created(schemas.Message))
async def post_message(
    chat_id: str, body: MessageBody, actor: MarketplaceActor, session: DbSession
) -> Any:
    posted = await service.write_message(session, actor, chat_id, body.content, body.visibility)
    return message_view(posted.item, posted.chat)


@router.get("/{message_id}", responses=ok(schemas.Message))
async def get_message(
    chat_id: str, message_id: str, actor: MarketplaceActor, session: DbSession
) -> Any:
    found = await service.get_message(session, actor, chat_id, message_id)
    return message_view(found.item, found.chat)


@router.put("/{message_id}", responses=ok(schemas.Message))
async def update_message(
    chat_id: str, message_id: str, body: MessageUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    changes = service.MessageChanges(content=body.content, visibility=body.visibility)
    edited = await service.edit_message(session, actor, chat_id, message_id, changes)
    return message_view(edited.item, edited.chat)


@router.delete("/{message_id}", status_code=204)
async def delete_message(
    chat_id: str, message_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_message(session, actor, chat_id, message_id)
    return Response(status_code=204)
