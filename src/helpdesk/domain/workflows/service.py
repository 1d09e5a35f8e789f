"""Workflow use cases: list, add, edit, remove, reorder; apply a prepared response; read
the runs logged on a ticket."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import is_support_agent
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX, ID_MAX, NAME_MAX, bounded
from helpdesk.domain.shared.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_items, fetch_page
from helpdesk.domain.tickets.service import get_ticket
from helpdesk.domain.workflows import engine
from helpdesk.domain.workflows.access import (
    manageable_workflows,
    require_applier,
    require_manager_of,
    require_workflow_manager,
)
from helpdesk.domain.workflows.models import Workflow, WorkflowRun, WorkflowType
from helpdesk.domain.workflows.rules import check_definition

WORKFLOW_FIELDS = Fields(
    {"id": Workflow.id, "name": Workflow.name, "position": Workflow.position, "type": Workflow.type}
)
RUN_FIELDS = Fields({"id": WorkflowRun.id})


@dataclass(frozen=True, slots=True)
class WorkflowDraft:
    """A workflow as a client sends it; the parts are checked by ``rules``."""

    name: str | None
    type: int | None
    description: str | None = None
    is_active: bool = True
    events: Any = None
    conditions: Any = None
    actions: Any = None


def _kind(value: int | None) -> WorkflowType:
    try:
        return WorkflowType(value if value is not None else -1)
    except ValueError:
        raise ValidationFailed.for_field(
            "type", "type must be 0 (manual) or 1 (automatic)."
        ) from None


async def list_workflows(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Sequence[Workflow]:
    """The workflows of the kinds the caller manages, automatic ones in their run order."""
    require_workflow_manager(actor)
    statement = select(Workflow).where(manageable_workflows(actor))
    return await fetch_items(session, statement, WORKFLOW_FIELDS, query, primary_key=Workflow.id)


async def add_workflow(session: AsyncSession, actor: Actor, draft: WorkflowDraft) -> Workflow:
    kind = _kind(draft.type)
    require_manager_of(actor, kind)
    workflow = Workflow(type=int(kind), position=await _next_position(session, kind))
    await _fill(session, workflow, kind, draft)
    session.add(workflow)
    await session.flush()
    engine.forget_plans(session)
    return workflow


async def edit_workflow(
    session: AsyncSession,
    actor: Actor,
    workflow_id: int,
    draft: WorkflowDraft,
    *,
    path_type: int | None = None,
) -> Workflow:
    """Replace a workflow's definition; ``path_type`` (``/workflow/{type}/{id}``) must be
    its kind. A new ``type`` moves it to the other kind, which the caller must manage."""
    workflow = await _manageable(session, actor, workflow_id, path_type)
    kind = _kind(draft.type if draft.type is not None else workflow.type)
    require_manager_of(actor, kind)
    if kind != workflow.type:
        workflow.position = await _next_position(session, kind)
    workflow.type = int(kind)
    await _fill(session, workflow, kind, draft)
    await session.flush()
    engine.forget_plans(session)
    return workflow


async def delete_workflow(
    session: AsyncSession, actor: Actor, workflow_id: int, *, path_type: int | None = None
) -> None:
    """Remove a workflow; the runs it left on tickets stay in their log, with its name."""
    await session.delete(await _manageable(session, actor, workflow_id, path_type))
    await session.flush()
    engine.forget_plans(session)


async def reorder(session: AsyncSession, actor: Actor, positions: Mapping[int, int]) -> list[int]:
    """``{workflow id: position}`` for automatic workflows (they run lowest first). Ids of
    no automatic workflow are left out and answered, as bulk ticket routes do."""
    require_manager_of(actor, WorkflowType.AUTOMATIC)
    if not positions:
        raise ValidationFailed.for_field("auto", "auto is required.")
    found = {
        row.id: row
        for row in await session.scalars(
            select(Workflow).where(
                Workflow.id.in_(list(positions)), Workflow.type == int(WorkflowType.AUTOMATIC)
            )
        )
    }
    for workflow_id, position in positions.items():
        if workflow_id in found:
            found[workflow_id].position = position
    await session.flush()
    engine.forget_plans(session)
    return sorted(set(positions) - set(found))


async def apply_workflow(
    session: AsyncSession, actor: Actor, ticket_id: int, workflow_id: int
) -> WorkflowRun:
    """An agent applies a prepared response (a manual workflow) to a ticket they see:
    its actions run (conditions, if any, must hold) and the run is logged."""
    require_applier(actor)
    ticket = await get_ticket(session, actor, ticket_id)
    workflow = await session.scalar(
        select(Workflow).where(
            Workflow.id == workflow_id,
            Workflow.type == int(WorkflowType.MANUAL),
            Workflow.is_active.is_(True),
        )
    )
    if workflow is None:
        raise NotFound(f"Prepared response {workflow_id} not found.")
    plan = engine.plan_of(workflow)
    event = engine.manual_event(ticket.id)
    if not await engine.Conditions(session, ticket, event).hold(plan.conditions):
        raise ValidationFailed.for_field(
            "workflowId", "The ticket does not meet this prepared response's conditions."
        )
    return await engine.run(
        session, plan, ticket, event, trigger=engine.MANUAL, applied_by=actor.user_id
    )


async def ticket_runs(
    session: AsyncSession, actor: Actor, ticket_id: int, query: ListQuery
) -> Page[WorkflowRun]:
    """The workflows that ran on a ticket, oldest first; for agents who see the ticket."""
    if not is_support_agent(actor):
        raise PermissionDenied("This is available to agents and administrators only.")
    ticket = await get_ticket(session, actor, ticket_id)
    statement = select(WorkflowRun).where(WorkflowRun.ticket_id == ticket.id)
    return await fetch_page(session, statement, RUN_FIELDS, query, primary_key=WorkflowRun.id)


async def _manageable(
    session: AsyncSession, actor: Actor, workflow_id: int, path_type: int | None
) -> Workflow:
    require_workflow_manager(actor)
    statement = select(Workflow).where(Workflow.id == workflow_id, manageable_workflows(actor))
    if path_type is not None:
        statement = statement.where(Workflow.type == path_type)
    workflow = await session.scalar(statement)
    if workflow is None:
        raise NotFound(f"Workflow {workflow_id} not found.")
    return workflow


async def _fill(
    session: AsyncSession, workflow: Workflow, kind: WorkflowType, draft: WorkflowDraft
) -> None:
    name = (draft.name or "").strip()
    if not name:
        raise ValidationFailed.for_field("name", "name is required.")
    definition = await check_definition(
        session,
        automatic=kind is WorkflowType.AUTOMATIC,
        events=draft.events,
        conditions=draft.conditions,
        actions=draft.actions,
    )
    workflow.name = bounded("name", name, NAME_MAX)
    workflow.description = (
        bounded("description", (draft.description or "").strip(), DESCRIPTION_MAX) or None
    )
    workflow.is_active = draft.is_active
    workflow.events = definition.events
    workflow.conditions = definition.conditions
    workflow.actions = definition.actions


async def _next_position(session: AsyncSession, kind: WorkflowType) -> int:
    last = await session.scalar(
        select(func.max(Workflow.position)).where(Workflow.type == int(kind))
    )
    return min(int(last or 0) + 1, ID_MAX)
