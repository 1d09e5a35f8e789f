"""Queue use cases: create, read, list, change, (de)activate, delete."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.ownership import account_paths, owning_account_id
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.queues.access import require_queue_owner, visible_queues
from helpdesk.domain.queues.models import Queue, QueueStatus
from helpdesk.domain.shared.errors import Conflict, NotFound
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

# Wire-independent names of the fields a caller may set.
EDITABLE = frozenset(
    {"name", "description", "short_description", "icon", "external_id", "is_default", "internal"}
)

QUEUE_FIELDS = Fields(
    {
        "id": Queue.public_id,
        "name": Queue.name,
        "description": Queue.description,
        "shortDescription": Queue.short_description,
        "externalId": Queue.external_id,
        "status": Queue.status,
        "default": Queue.is_default,
        "internal": Queue.internal,
        "revision": Queue.revision,
        "audit.created.at": Queue.created_at,
        "audit.updated.at": Queue.updated_at,
    }
).merge(account_paths(Queue.account_id))


async def get_queue(session: AsyncSession, actor: Actor, public_id: str) -> Queue:
    queue = await session.scalar(
        select(Queue).where(Queue.public_id == public_id, visible_queues(actor))
    )
    if queue is None:
        raise NotFound(f"Queue {public_id} not found.")
    return queue


async def list_queues(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[Queue]:
    statement = select(Queue).where(visible_queues(actor))
    return await fetch_page(session, statement, QUEUE_FIELDS, query, primary_key=Queue.id)


async def create_queue(
    session: AsyncSession, actor: Actor, values: Mapping[str, Any], account: str | None = None
) -> Queue:
    account_id = await owning_account_id(session, actor, account)
    await _take_default_flag(session, actor, account_id, values, keep=None)
    queue = Queue(
        public_id=await allocate_public_id(session, Queue.public_id, "HQU", 2),
        account_id=account_id,
        status=QueueStatus.ACTIVE,
        is_default=False,
        internal=False,
    )
    _assign(queue, values)
    record_created(queue, actor)
    session.add(queue)
    await session.flush()
    await session.refresh(queue, ["account"])
    return queue


async def update_queue(
    session: AsyncSession, actor: Actor, public_id: str, values: Mapping[str, Any]
) -> Queue:
    queue = await get_queue(session, actor, public_id)
    require_queue_owner(actor, queue)
    await _take_default_flag(session, actor, queue.account_id, values, keep=queue.id)
    _assign(queue, values)
    record_change(queue, actor)
    await session.flush()
    return queue


async def activate_queue(session: AsyncSession, actor: Actor, public_id: str) -> Queue:
    return await _transition(session, actor, public_id, QueueStatus.ACTIVE, "activated")


async def disable_queue(session: AsyncSession, actor: Actor, public_id: str) -> Queue:
    return await _transition(session, actor, public_id, QueueStatus.DISABLED, "disabled")


async def delete_queue(session: AsyncSession, actor: Actor, public_id: str) -> None:
    queue = await get_queue(session, actor, public_id)
    require_queue_owner(actor, queue)
    # Cases name their queue by foreign key, so the database refuses to delete a queue that
    # still holds one: this area needs no knowledge of cases (they depend on queues, not the
    # other way round), and a case filed meanwhile cannot slip past a check. The savepoint
    # keeps the unit of work usable after the refusal.
    try:
        async with session.begin_nested():
            await session.delete(queue)
            await session.flush()
    except IntegrityError:
        raise Conflict(f"Queue {public_id} still holds cases and cannot be deleted.") from None


async def _transition(
    session: AsyncSession, actor: Actor, public_id: str, target: QueueStatus, event: str
) -> Queue:
    queue = await get_queue(session, actor, public_id)
    require_queue_owner(actor, queue)
    if queue.status == target:
        raise Conflict(f"Queue {public_id} is already {target.value}.")
    queue.status = target
    record_change(queue, actor, event)
    await session.flush()
    return queue


def _assign(queue: Queue, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name in EDITABLE:
            setattr(queue, name, value)


async def _take_default_flag(
    session: AsyncSession,
    actor: Actor,
    account_id: int,
    values: Mapping[str, Any],
    keep: int | None,
) -> None:
    """Making a queue the default takes the flag from the account's previous default first,
    so the one-default-per-account index never sees two."""
    if not values.get("is_default"):
        return
    previous = await session.scalars(
        select(Queue).where(Queue.account_id == account_id, Queue.is_default, Queue.id != keep)
    )
    for other in previous:
        other.is_default = False
        record_change(other, actor)
    await session.flush()
