"""Channels at /public/v1/helpdesk/channels: named broadcast chats."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.chat_views import ChannelCreate, ChatUpdate, message_view
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.api.marketplace.routes.chats import render, render_page
from helpdesk.domain.chats import service
from helpdesk.domain.chats.messages import list_messages
from helpdesk.domain.chats.models import ChatType

router = APIRouter(prefix="/public/v1/helpdesk/channels", tags=["Marketplace: channels"])


@router.get("", responses=ok(schemas.ChatCollection))
async def list_channels(
    params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    page = await service.list_chats(session, actor, params.query, only=ChatType.CHANNEL)
    return await render_page(session, page, params)


@router.post("", status_code=201, responses=created(schemas.Chat))
async def create_channel(body: ChannelCreate, actor: MarketplaceActor, session: DbSession) -> Any:
    draft = service.ChatDraft(type=ChatType.CHANNEL, name=body.name, description=body.description)
    return await render(session, await service.create_chat(session, actor, draft))


@router.get("/{channel_id}", responses=ok(schemas.Chat))
async def get_channel(channel_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return await render(session, await service.get_channel(session, actor, channel_id))


@router.put("/{channel_id}", responses=ok(schemas.Chat))
async def update_channel(
    channel_id: str, body: ChatUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    await service.get_channel(session, actor, channel_id)
    return await render(
        session, await service.change_chat(session, actor, channel_id, body.changes())
    )


@router.delete("/{channel_id}", status_code=204)
async def delete_channel(channel_id: str, actor: MarketplaceActor, session: DbSession) -> Response:
    await service.delete_channel(session, actor, channel_id)
    return Response(status_code=204)


@router.get("/{channel_id}/messages", responses=ok(schemas.MessageCollection))
async def list_channel_messages(
    channel_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    channel = await service.get_channel(session, actor, channel_id)
    page = await list_messages(session, actor, channel, params.query)
    return envelope(page, lambda message: message_view(message, channel), params.selection)
