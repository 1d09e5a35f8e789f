"""Workflows (``/api/workflows.json``, ``/api/workflow/{type}/{id}.json``, the order), and
on a ticket: applying a prepared response and the log of workflow runs."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, read_list
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.domain.shared.bounds import ID_MAX, in_range
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.events import Trigger
from helpdesk.domain.shared.listing import Condition, Value
from helpdesk.domain.workflows import rules, service
from helpdesk.domain.workflows.models import Workflow, WorkflowRun

router = APIRouter(tags=["UVdesk: workflows"])

# Unpaged: automatic workflows in their run order; ``type=0|1`` and ``name``/``search``.
WORKFLOWS = ListSpec(
    per_page=1000,
    paged=False,
    default_sort="position",
    sorts={"id": "id", "name": "name", "order": "position"},
    search=("name",),
    ids={"type": "type"},
)
RUNS = ListSpec(per_page=25)


def _parts(**properties: Any) -> dict[str, Any]:
    """A list of objects (or a PHP keyed array of them); names in UVdesk's camelCase, though
    snake_case or another case is read too. Form keys ``name[0][key]`` are not described."""
    part = {"type": "object", "properties": properties}
    return {
        "anyOf": [
            {"type": "array", "items": part, "maxItems": rules.MAX_ITEMS},
            {"type": "object", "additionalProperties": part},
        ]
    }


_VALUE = {"type": ["string", "number"], "maxLength": rules.VALUE_MAX}
WORKFLOW_BODY = Body(
    Read.text("name"),
    Read.integer("type"),
    Read.text("description", 1000),
    Read.flag("isActive"),
    Read.shaped(
        "events",
        _parts(
            event={"type": "string", "enum": ["ticket"]},
            trigger={"type": "string", "enum": [trigger.value for trigger in Trigger]},
        ),
    ),
    Read.shaped(
        "conditions",
        _parts(
            type={"type": "string", "enum": list(rules.CONDITION_TYPES)},
            match={"type": "string", "enum": list(rules.MATCHES)},
            value=_VALUE,
        ),
    ),
    Read.shaped(
        "actions",
        _parts(type={"type": "string", "enum": list(rules.ACTION_TYPES)}, value=_VALUE),
    ),
)
ORDER_BODY = Body(Read.mapping("auto"))  # workflow id -> position


def workflow_view(workflow: Workflow) -> dict[str, Any]:
    return {
        "id": workflow.id,
        "name": workflow.name,
        "description": workflow.description,
        "type": workflow.type,
        "isActive": workflow.is_active,
        "sortOrder": workflow.position,
        "events": workflow.events,
        "conditions": workflow.conditions,
        "actions": workflow.actions,
    }


def run_view(run: WorkflowRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "workflowId": run.workflow_id,
        "workflowName": run.workflow_name,
        "trigger": run.trigger,
        "appliedBy": run.applied_by_id,
        "actions": run.actions,
        "createdAt": run.created_at.isoformat(),
    }


def nested(fields: Fields, name: str) -> Any:
    """A JSON array or object as sent, or PHP form keys ``name[0][type]=...`` as a dict of
    dicts (the rules read both)."""
    if fields.has(name):
        return fields.values[name][0]
    found: dict[str, dict[str, Any]] = {}
    prefix = f"{name}["
    for key, values in fields.values.items():
        if key.startswith(prefix) and key.endswith("]"):
            index, _, rest = key[len(prefix) : -1].partition("][")
            found.setdefault(index, {})[rest] = values[0]
    return found or None


def draft_from(fields: Fields) -> service.WorkflowDraft:
    active = fields.flag("isActive")
    return service.WorkflowDraft(
        name=fields.text("name"),
        type=fields.integer("type"),
        description=fields.text("description", 1000),
        is_active=True if active is None else active,
        events=nested(fields, "events"),
        conditions=nested(fields, "conditions"),
        actions=nested(fields, "actions"),
    )


@router.get("/api/workflows.json", responses=ok(schemas.WorkflowList))
async def list_workflows(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    name = request.query_params.get("name")
    extra = [Condition("ilike", "name", Value(f"*{name}*"))] if name else []
    listing = read_list(request.query_params, WORKFLOWS, *extra)
    workflows = await service.list_workflows(session, actor, listing.query)
    return {"workflows": [workflow_view(workflow) for workflow in workflows]}


@router.post(
    "/api/workflows.json", responses=ok(schemas.CreatedOutcome), openapi_extra=WORKFLOW_BODY
)
async def add_workflow(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    workflow = await service.add_workflow(session, actor, draft_from(await read_fields(request)))
    return {"message": "Success! Workflow has been added successfully.", "id": workflow.id}


@router.put(
    "/api/workflow/{kind:id}/{workflow_id:id}.json",
    responses=ok(schemas.Outcome),
    openapi_extra=WORKFLOW_BODY,
)
async def edit_workflow(
    kind: int, workflow_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    draft = draft_from(await read_fields(request))
    await service.edit_workflow(session, actor, workflow_id, draft, path_type=kind)
    return {"message": "Success! Workflow has been updated successfully."}


@router.put(
    "/api/workflow/{workflow_id:id}.json",
    responses=ok(schemas.Outcome),
    openapi_extra=WORKFLOW_BODY,
)
async def edit_workflow_by_id(
    workflow_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    """The seed's example path (``PUT /api/workflow/58.json``), without the type."""
    await service.edit_workflow(session, actor, workflow_id, draft_from(await read_fields(request)))
    return {"message": "Success! Workflow has been updated successfully."}


@router.delete("/api/workflow/{kind:id}/{workflow_id:id}.json", responses=ok(schemas.Outcome))
async def delete_workflow(
    kind: int, workflow_id: int, actor: UvdeskActor, session: DbSession
) -> Any:
    await service.delete_workflow(session, actor, workflow_id, path_type=kind)
    return {"message": "Success! Workflow has been removed successfully."}


@router.delete("/api/workflow/{workflow_id:id}.json", responses=ok(schemas.Outcome))
async def delete_workflow_by_id(workflow_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    """The seed's example path (``DELETE /api/workflow/121.json``), without the type."""
    await service.delete_workflow(session, actor, workflow_id)
    return {"message": "Success! Workflow has been removed successfully."}


@router.put(
    "/api/workflows/order.json",
    responses=ok(schemas.WorkflowOrderOutcome),
    openapi_extra=ORDER_BODY,
)
async def reorder(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    positions: dict[int, int] = {}
    for key, value in fields.mapping("auto").items():
        positions[_whole("auto", key)] = _whole(f"auto[{key}]", value)
    missing = await service.reorder(session, actor, positions)
    answer: dict[str, Any] = {}
    if missing:
        answer["warning"] = "Workflow(s) not found: " + ", ".join(str(i) for i in missing)
    answer["message"] = "Success! Order has been updated successfully."
    return answer


@router.post(
    "/api/ticket/{ticket_id:id}/workflow/{workflow_id:id}.json", responses=ok(schemas.Outcome)
)
async def apply_workflow(
    ticket_id: int, workflow_id: int, actor: UvdeskActor, session: DbSession
) -> Any:
    """Apply a prepared response (a manual workflow) to the ticket; the seed has no route
    for it (docs/decisions.md, "Workflows")."""
    await service.apply_workflow(session, actor, ticket_id, workflow_id)
    return {"message": "Success! Prepared response has been applied successfully."}


@router.get("/api/ticket/{ticket_id:id}/workflow-runs.json", responses=ok(schemas.WorkflowRunPage))
async def list_runs(
    ticket_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    listing = read_list(request.query_params, RUNS)
    page = await service.ticket_runs(session, actor, ticket_id, listing.query)
    return {
        "workflowRuns": [run_view(run) for run in page.items],
        "pagination": pagination(
            listing.current,
            page.limit,
            page.total,
            len(page.items),
            f"#id/{ticket_id}/workflow-runs/page/replacePage",
        ),
    }


def _whole(field: str, value: Any) -> int:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        raise ValidationFailed.for_field(field, f"{field} must be a whole number.")
    return in_range(field, int(text[:20]), (0, ID_MAX))
