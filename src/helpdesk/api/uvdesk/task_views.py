"""Tasks and todos as the UVdesk API shows them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from helpdesk.api.uvdesk.ticket_views import priority_view
from helpdesk.api.uvdesk.wire import php_datetime, thread_formatted
from helpdesk.domain.identity.models import User
from helpdesk.domain.tasks.models import Stage, Task, Todo


def task_person(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.id,
        "email": user.email,
        "name": user.full_name,
        "firstName": user.first_name,
        "profileImage": None,
        "smallThumbnail": None,
    }


def follower_view(user: User) -> dict[str, Any]:
    return {"id": user.id, "email": user.email, "name": user.full_name, "smallThumbnail": None}


def stage_view(stage: Stage) -> dict[str, Any]:
    return {"id": stage.id, "name": stage.name, "color": stage.color}


def todo_view(todo: Todo) -> dict[str, Any]:
    return {
        "id": todo.id,
        "description": todo.description,
        "status": int(todo.is_done),
        "ticketId": todo.ticket_id,
        "threadId": todo.thread_id,
        "taskId": todo.task_id,
    }


def _local(moment: datetime, timezone: str) -> datetime:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(ZoneInfo(timezone))


def deadline_end(deadline: date, timezone: str) -> datetime:
    """A deadline is a day: it ends at the next midnight in the company timezone."""
    return datetime.combine(deadline + timedelta(days=1), time(), tzinfo=ZoneInfo(timezone))


def task_row(task: Task, timezone: str) -> dict[str, Any]:
    """A task as the task list shows it."""
    deadline = task.deadline
    return {
        "id": task.id,
        "subject": task.subject,
        "ticketId": task.ticket_id,
        "viewedUsers": [user.id for user in task.followers],
        "stage": stage_view(task.stage),
        "priority": priority_view(task.priority),
        "deadlineTimestamp": (
            int(deadline_end(deadline, timezone).timestamp()) if deadline else None
        ),
        "formatedDeadline": deadline.isoformat() if deadline else None,
        "timestamp": int(task.created_at.timestamp()),
        "formatedCreatedAt": _local(task.created_at, timezone).date().isoformat(),
        "assignedAgent": task_person(task.assigned_agent),
        "user": task_person(task.user),
    }


def create_thread_view(task: Task, timezone: str) -> dict[str, Any]:
    """The task's description, shown as the thread the task was created with."""
    return {
        "id": task.id,
        "fullname": task.user.full_name,
        "description": task.description,
        "threadType": "create",
        "createdAt": php_datetime(task.created_at, timezone),
        "attachments": [],
        "user": task_person(task.user),
        "formatedCreatedAt": thread_formatted(task.created_at, timezone),
    }


def task_detail(task: Task, threads: Sequence[int], timezone: str) -> dict[str, Any]:
    """A task as its view and its edit answer show it."""
    deadline = task.deadline
    last_day = f"{deadline:%m-%d-%y} 23:59" if deadline else None  # the day's end, local
    return {
        **task_row(task, timezone),
        "description": task.description,
        "threads": list(threads),
        "createdTypeThread": create_thread_view(task, timezone),
        "currentThread": None,
        # Neither the thread a task is at nor the order followers joined in is kept.
        "lastFollower": None,
        "formatedCreatedAt": thread_formatted(task.created_at, timezone),
        "formatedDeadline": last_day,
    }
