"""Usage figures for a page of queues or parameter definitions, in grouped queries.

A queue operations share with every account holds every account's cases, and a parameter
operations define is used by every account's groups, forms and cases; each caller counts
only the groups, forms and cases they can see, so the figures reveal nothing about other
accounts. (They live with cases, the highest area they count.)
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import case, distinct, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.cases.access import visible_cases
from helpdesk.domain.cases.models import OPEN_STATUSES, Case
from helpdesk.domain.forms.models import (
    CaseParameterValue,
    Form,
    FormSection,
    GroupParameter,
    ParameterGroup,
)
from helpdesk.domain.forms.service import visible_forms
from helpdesk.domain.identity.ownership import visible_owned
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


@dataclass(frozen=True, slots=True)
class ParameterStatistics:
    groups: int = 0
    forms: int = 0
    cases: int = 0


async def parameter_statistics(
    session: AsyncSession, actor: Actor, ids: Collection[int]
) -> dict[int, ParameterStatistics]:
    """Usage counts for a page of definitions: three grouped queries, whatever the page size,
    each counting only what the caller sees."""
    if not ids:
        return {}
    groups = dict(
        (
            await session.execute(
                select(GroupParameter.parameter_id, func.count(GroupParameter.id))
                .join(ParameterGroup, ParameterGroup.id == GroupParameter.group_id)
                .where(
                    GroupParameter.parameter_id.in_(ids),
                    visible_owned(actor, ParameterGroup.account_id),
                )
                .group_by(GroupParameter.parameter_id)
            )
        ).all()
    )
    forms = dict(
        (
            await session.execute(
                select(GroupParameter.parameter_id, func.count(distinct(FormSection.form_id)))
                .join(FormSection, FormSection.group_id == GroupParameter.group_id)
                .join(Form, Form.id == FormSection.form_id)
                .where(GroupParameter.parameter_id.in_(ids), visible_forms(actor))
                .group_by(GroupParameter.parameter_id)
            )
        ).all()
    )
    cases = dict(
        (
            await session.execute(
                select(CaseParameterValue.parameter_id, func.count(CaseParameterValue.id))
                .join(Case, Case.id == CaseParameterValue.case_id)
                .where(CaseParameterValue.parameter_id.in_(ids), visible_cases(actor))
                .group_by(CaseParameterValue.parameter_id)
            )
        ).all()
    )
    return {
        key: ParameterStatistics(groups.get(key, 0), forms.get(key, 0), cases.get(key, 0))
        for key in ids
    }
