"""Tasks (``/api/tasks.json``, ``/api/task/{id}...``) and todos (``/api/todo...``)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.task_views import (
    create_thread_view,
    follower_view,
    task_detail,
    task_row,
    todo_view,
)
from helpdesk.core.database import Session
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX, NOTES_MAX, SUBJECT_MAX
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.support.company import company_timezone
from helpdesk.domain.tasks import service, todos
from helpdesk.domain.tasks.models import STAGES, Task

router = APIRouter(tags=["UVdesk: tasks"])

# The seed: sort (tsk.id|u.email|name), default tsk.id; stage; priority; page; search.
TASKS = ListSpec(
    per_page=12,
    sorts={
        "id": "id",
        "email": "assignedAgent.email",
        "name": "assignedAgent.name",
        "subject": "subject",
        "createdat": "createdAt",
    },
    search=("subject",),
    ids={
        "stage": "stage.id",
        "priority": "priority.id",
        "ticket": "ticket.id",
        "agent": "assignedAgent.id",
    },
)
UNASSIGNED = ("", "0", "null")

TASK_BODY = Body(
    Read.integer("ticket"),
    Read.required_text("subject", SUBJECT_MAX),
    Read.text("description", NOTES_MAX),
    Read.integer("assignedAgent"),
    Read.text("deadline"),
    Read.integer("priority"),
    Read.integer("prioirty"),
    Read.integers("threadIds"),
)
TASK_EDIT_BODY = Body(
    Read.text("subject", SUBJECT_MAX),
    Read.text("description", NOTES_MAX),
    Read.integer("stage"),
    Read.integer("priority"),
    Read.integer("prioirty"),
    Read.integer_or("assignedAgent", "", "null"),  # "", "null" or 0: nobody
    Read.text("deadline"),
)
FOLLOWER_BODY = Body(Read.integer("followerId"))
THREAD_BODY = Body(Read.integer("threadId"))
TODO_BODY = Body(
    Read.integer("taskId"),
    Read.integer("ticketId"),
    Read.integer("threadId"),
    Read.required_text("description", DESCRIPTION_MAX),
    Read.integer("status"),
)
TODO_EDIT_BODY = Body(Read.integer("status"), Read.text("description", DESCRIPTION_MAX))


def deadline_of(fields: Fields) -> date | None:
    """``2016-08-24`` (a date-time names its day); empty or absent: no deadline."""
    raw = (fields.text("deadline") or "").strip()
    if not raw:
        return None
    try:
        return date.fromisoformat(raw) if len(raw) == 10 else datetime.fromisoformat(raw).date()
    except ValueError:
        raise ValidationFailed.for_field("deadline", "deadline must be a date (Y-m-d).") from None


def priority_of(fields: Fields) -> int | None:
    # The seed's edit example spells it "prioirty".
    return fields.integer("priority") if fields.has("priority") else fields.integer("prioirty")


async def detail(session: Session, task: Task) -> dict[str, Any]:
    timezone = await company_timezone(session)
    return task_detail(task, await service.linked_threads(session, task.id), timezone)


@router.get("/api/tasks.json", responses=ok(schemas.TaskPage))
async def list_tasks(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(TASKS)
) -> Any:
    page = await service.list_tasks(session, actor, listing.query)
    counts = await service.stage_counts(session, actor)
    timezone = await company_timezone(session)
    return {
        "stageCount": {
            **{str(stage): str(counts.get(stage, 0)) for stage in STAGES},
            "all": str(sum(counts.values())),
        },
        "tasks": [task_row(task, timezone) for task in page.items],
        "pagination": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.post("/api/tasks.json", responses=ok(schemas.TaskCreated), openapi_extra=TASK_BODY)
async def add_task(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    ticket = fields.integer("ticket")
    if ticket is None:
        raise ValidationFailed.for_field("ticket", "ticket is required.")
    draft = service.TaskDraft(
        subject=fields.required_text("subject", SUBJECT_MAX),
        description=fields.text("description", NOTES_MAX) or "",
        assigned_agent_id=fields.integer("assignedAgent"),
        deadline=deadline_of(fields),
        priority_id=priority_of(fields),
    )
    task = await service.create_task(session, actor, ticket, draft, fields.integers("threadIds"))
    return {
        "message": "Success ! Task created successfully.",
        "id": task.id,
        "task": await detail(session, task),
    }


@router.get("/api/task/{task_id:id}.json", responses=ok(schemas.TaskAnswer))
async def view_task(task_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    task = await service.get_task(session, actor, task_id)
    shown = await detail(session, task)
    return {
        "task": shown,
        "createThread": create_thread_view(task, await company_timezone(session)),
        "todo": [todo_view(todo) for todo in await todos.todos_of_task(session, task.id)],
        "followers": [follower_view(user) for user in task.followers],
    }


@router.put(
    "/api/task/{task_id:id}.json", responses=ok(schemas.TaskEdited), openapi_extra=TASK_EDIT_BODY
)
async def edit_task(task_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    agent = fields.text("assignedAgent")
    change = service.TaskChange(
        subject=fields.text("subject", SUBJECT_MAX),
        description=fields.text("description", NOTES_MAX),
        stage_id=fields.integer("stage"),
        priority_id=priority_of(fields),
        assigned_agent_id=(
            service.KEEP
            if not fields.has("assignedAgent")
            else None
            if (agent or "").strip().lower() in UNASSIGNED
            else fields.integer("assignedAgent")
        ),
        deadline=deadline_of(fields) if fields.has("deadline") else service.KEEP,
    )
    task = await service.edit_task(session, actor, task_id, change)
    return {"task": await detail(session, task), "message": "Success ! Task updated successfully."}


@router.delete("/api/task/{task_id:id}.json", responses=ok(schemas.Outcome))
async def delete_task(task_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_task(session, actor, task_id)
    return {"message": "Success ! Task removed successfully."}


def follower_id(fields: Fields) -> int:
    found = fields.integer("followerId")
    if found is None:
        raise ValidationFailed.for_field("followerId", "followerId is required.")
    return found


@router.post(
    "/api/task/{task_id:id}/follower.json",
    responses=ok(schemas.AlertOutcome),
    openapi_extra=FOLLOWER_BODY,
)
async def add_follower(
    task_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    await service.add_follower(session, actor, task_id, follower_id(fields))
    return {"alertClass": "success", "alertMessage": "Success ! Member added successfully."}


@router.delete(
    "/api/task/{task_id:id}/follower.json",
    responses=ok(schemas.AlertOutcome),
    openapi_extra=FOLLOWER_BODY,
)
async def remove_follower(
    task_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    await service.remove_follower(session, actor, task_id, follower_id(fields))
    return {"alertClass": "success", "alertMessage": "Success ! Member removed successfully."}


async def thread_id_of(request: Request, path_thread: int | None) -> int:
    """spec/uvdesk.md: the thread id comes from the path or the body's ``threadId``."""
    if path_thread is not None:
        return path_thread
    found = (await read_fields(request)).integer("threadId")
    if found is None:
        raise ValidationFailed.for_field("threadId", "threadId is required.")
    return found


THREAD_ADDED = "Success ! Thread added to task successfully."
THREAD_REMOVED = "Success ! Thread removed from task successfully."


@router.post(
    "/api/task/{task_id:id}/thread.json",
    responses=ok(schemas.AlertOutcome),
    openapi_extra=THREAD_BODY,
)
async def add_thread(task_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    await service.link_thread(session, actor, task_id, await thread_id_of(request, None))
    return {"alertClass": "success", "alertMessage": THREAD_ADDED}


@router.post(
    "/api/task/{task_id:id}/thread/{thread_id:id}.json", responses=ok(schemas.AlertOutcome)
)
async def add_thread_by_path(
    task_id: int, thread_id: int, actor: UvdeskActor, session: DbSession
) -> Any:
    await service.link_thread(session, actor, task_id, thread_id)
    return {"alertClass": "success", "alertMessage": THREAD_ADDED}


@router.delete(
    "/api/task/{task_id:id}/thread.json",
    responses=ok(schemas.AlertOutcome),
    openapi_extra=THREAD_BODY,
)
async def remove_thread(
    task_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    await service.unlink_thread(session, actor, task_id, await thread_id_of(request, None))
    return {"alertClass": "success", "alertMessage": THREAD_REMOVED}


@router.delete(
    "/api/task/{task_id:id}/thread/{thread_id:id}.json", responses=ok(schemas.AlertOutcome)
)
async def remove_thread_by_path(
    task_id: int, thread_id: int, actor: UvdeskActor, session: DbSession
) -> Any:
    await service.unlink_thread(session, actor, task_id, thread_id)
    return {"alertClass": "success", "alertMessage": THREAD_REMOVED}


def todo_status(fields: Fields) -> bool | None:
    status = fields.integer("status")
    if status not in (None, 0, 1):
        raise ValidationFailed.for_field("status", "status must be 0 or 1.")
    return None if status is None else status == 1


@router.post("/api/todo.json", responses=ok(schemas.TodoAdded), openapi_extra=TODO_BODY)
async def add_todo(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    place = todos.Place(
        task_id=fields.integer("taskId"),
        ticket_id=fields.integer("ticketId"),
        thread_id=fields.integer("threadId"),
    )
    description = fields.required_text("description", DESCRIPTION_MAX)
    todo = await todos.add_todo(session, actor, place, description, bool(todo_status(fields)))
    return {
        "message": "Success ! Item added to todo successfully.",
        "id": todo.id,
        "todo": todo_view(todo),
    }


@router.put(
    "/api/todo/{todo_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=TODO_EDIT_BODY
)
async def edit_todo(todo_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    done = todo_status(fields)
    description = fields.text("description", DESCRIPTION_MAX)
    await todos.edit_todo(session, actor, todo_id, description, done)
    if done is None:
        return {"message": "Success ! Todo updated successfully."}
    return {"message": f"Success ! Todo marked as {'complete' if done else 'incomplete'}."}


@router.delete("/api/todo/{todo_id:id}.json", responses=ok(schemas.Outcome))
async def delete_todo(todo_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await todos.delete_todo(session, actor, todo_id)
    return {"message": "Success ! Todo removed successfully."}
