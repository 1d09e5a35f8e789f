"""Case counts per queue, computed for a page of queues in one grouped query.

A queue operations share with every account holds every account's cases; each caller
counts only the cases they can see, so the figures reveal nothing about other accounts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import case, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.cases.access import visible_cases
from helpdesk.domain.cases.models import OPEN_STATUSES, Case
from helpdesk.domain.kernel.actor import Actor


@dataclass(frozen=True, slots=True)
class QueueStatistics:
    total: int = 0
    open: int = 0


async def queue_statistics(
    session: AsyncSession, actor: Actor, queue_ids: Collection[int]
) -> dict[int, QueueStatistics]:
    counts: dict[int, QueueStatistics] = {queue_id: QueueStatistics() for queue_id in queue_ids}
    if not queue_ids:
        return counts
    rows = await session.execute(
        select(
            Case.queue_id,
            func.count(Case.id),
            func.sum(case((Case.status.in_(OPEN_STATUSES), 1), else_=0)),
        )
        .where(Case.queue_id.in_(queue_ids), visible_cases(actor))
        .group_by(Case.queue_id)
    )
    for queue_id, total, open_count in rows:
        counts[queue_id] = QueueStatistics(total=int(total), open=int(open_count or 0))
    return counts
