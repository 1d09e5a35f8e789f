"""Participants of a chat at /public/v1/helpdesk/chats/{chatId}/participants."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.bodies import json_body, parse_model
from helpdesk.api.marketplace.chat_views import ContactRef, ParticipantUpdate, participant_view
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.domain.chats import participants as service

router = APIRouter(
    prefix="/public/v1/helpdesk/chats/{chat_id}/participants",
    tags=["Marketplace: chat participants"],
)


@router.get("", responses=ok(schemas.ParticipantCollection))
async def list_participants(
    chat_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    found = await service.list_participants(session, actor, chat_id, params.query)
    unread = await service.unread_counts(session, found.item.items)
    return envelope(
        found.item, lambda p: participant_view(p, found.chat, unread[p.id]), params.selection
    )


@router.post("", status_code=201, responses=created(list[schemas.Participant]))
async def add_participants(
    chat_id: str, request: Request, actor: MarketplaceActor, session: DbSession
) -> Any:
    """Takes a list of ``{"contact": {"id"}}`` and answers the list of participants."""
    raw = await json_body(request)
    items = raw if isinstance(raw, list) else [raw]
    refs = [await parse_model(ContactRef, item, f"[{index}]") for index, item in enumerate(items)]
    added = await service.add_participants(
        session, actor, chat_id, [ref.contact.id for ref in refs]
    )
    unread = await service.unread_counts(session, added.item)
    return [participant_view(p, added.chat, unread[p.id]) for p in added.item]


@router.get("/{participant_id}", responses=ok(schemas.Participant))
async def get_participant(
    chat_id: str, participant_id: str, actor: MarketplaceActor, session: DbSession
) -> Any:
    found = await service.get_participant(session, actor, chat_id, participant_id)
    unread = await service.unread_counts(session, [found.item])
    return participant_view(found.item, found.chat, unread[found.item.id])


@router.put("/{participant_id}", responses=ok(schemas.Participant))
async def update_participant(
    chat_id: str,
    participant_id: str,
    body: ParticipantUpdate,
    actor: MarketplaceActor,
    session: DbSession,
) -> Any:
    changes = service.ParticipantChanges(
        muted=body.muted,
        last_read_message=body.lastReadMessage.id if body.lastReadMessage else None,
        status=body.status,
    )
    changed = await service.change_participant(session, actor, chat_id, participant_id, changes)
    unread = await service.unread_counts(session, [changed.item])
    return participant_view(changed.item, changed.chat, unread[changed.item.id])


@router.delete("/{participant_id}", status_code=204)
async def leave_chat(
    chat_id: str, participant_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.leave(session, actor, chat_id, participant_id)
    return Response(status_code=204)
