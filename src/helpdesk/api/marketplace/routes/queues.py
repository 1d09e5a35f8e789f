"""Queues at /public/v1/helpdesk/queues."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.api.marketplace.queue_views import QueueCreate, QueueUpdate, queue_view
from helpdesk.domain.cases.statistics import queue_statistics
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.queues import service
from helpdesk.domain.queues.models import Queue

router = APIRouter(prefix="/public/v1/helpdesk/queues", tags=["Marketplace: queues"])


async def _view(session: DbSession, actor: Actor, queue: Queue) -> dict[str, Any]:
    statistics = await queue_statistics(session, actor, [queue.id])
    return queue_view(queue, statistics[queue.id])


@router.get("", responses=ok(schemas.QueueCollection))
async def list_queues(params: CollectionParams, actor: MarketplaceActor, session: DbSession) -> Any:
    page = await service.list_queues(session, actor, params.query)
    statistics = await queue_statistics(session, actor, [queue.id for queue in page.items])
    return envelope(page, lambda queue: queue_view(queue, statistics[queue.id]), params.selection)


@router.post("", status_code=201, responses=created(schemas.Queue))
async def create_queue(body: QueueCreate, actor: MarketplaceActor, session: DbSession) -> Any:
    account = body.account.id if body.account else None
    queue = await service.create_queue(session, actor, body.changes(), account)
    return await _view(session, actor, queue)


@router.get("/{queue_id}", responses=ok(schemas.Queue))
async def get_queue(queue_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return await _view(session, actor, await service.get_queue(session, actor, queue_id))


@router.put("/{queue_id}", responses=ok(schemas.Queue))
async def update_queue(
    queue_id: str, body: QueueUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    queue = await service.update_queue(session, actor, queue_id, body.changes())
    return await _view(session, actor, queue)


@router.delete("/{queue_id}", status_code=204)
async def delete_queue(queue_id: str, actor: MarketplaceActor, session: DbSession) -> Response:
    await service.delete_queue(session, actor, queue_id)
    return Response(status_code=204)


@router.post("/{queue_id}/activate", responses=ok(schemas.Queue))
async def activate_queue(queue_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return await _view(session, actor, await service.activate_queue(session, actor, queue_id))


@router.post("/{queue_id}/disable", responses=ok(schemas.Queue))
async def disable_queue(queue_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return await _view(session, actor, await service.disable_queue(session, actor, queue_id))
