"""Todos: a checklist on a ticket (or one of its threads) or on a task."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.tasks.access import (
    EDIT_TASK,
    require_staff,
    require_task_privilege,
    visible_tasks,
    visible_todos,
)
from helpdesk.domain.tasks.models import Task, Todo
from helpdesk.domain.tickets.access import visible_tickets
from helpdesk.domain.tickets.models import Thread, Ticket


@dataclass(frozen=True, slots=True)
class Place:
    """Where a new todo goes: a task, a thread (of its ticket) or a ticket."""

    task_id: int | None = None
    ticket_id: int | None = None
    thread_id: int | None = None


async def add_todo(
    session: AsyncSession, actor: Actor, place: Place, description: str, done: bool
) -> Todo:
    require_staff(actor)
    todo = Todo(description=_described(description), is_done=done, user_id=actor.user_id)
    if place.task_id is not None:
        require_task_privilege(actor, EDIT_TASK)
        task = await session.scalar(
            select(Task).where(Task.id == place.task_id, visible_tasks(actor))
        )
        if task is None:
            raise ValidationFailed.for_field("taskId", f"Task {place.task_id} not found.")
        todo.task_id, todo.ticket_id = task.id, task.ticket_id
    elif place.thread_id is not None:
        thread = await session.scalar(
            select(Thread)
            .join(Ticket, Ticket.id == Thread.ticket_id)
            .where(Thread.id == place.thread_id, visible_tickets(actor))
        )
        if thread is None or place.ticket_id not in (None, thread.ticket_id):
            raise ValidationFailed.for_field("threadId", f"Thread {place.thread_id} not found.")
        todo.thread_id, todo.ticket_id = thread.id, thread.ticket_id
    elif place.ticket_id is not None:
        ticket = await session.scalar(
            select(Ticket.id).where(Ticket.id == place.ticket_id, visible_tickets(actor))
        )
        if ticket is None:
            raise ValidationFailed.for_field("ticketId", f"Ticket {place.ticket_id} not found.")
        todo.ticket_id = ticket
    else:
        raise ValidationFailed.for_field("taskId", "taskId, ticketId or threadId is required.")
    session.add(todo)
    await session.flush()
    return todo


async def edit_todo(
    session: AsyncSession,
    actor: Actor,
    todo_id: int,
    description: str | None,
    done: bool | None,
) -> Todo:
    todo = await _changeable(session, actor, todo_id)
    if description is not None:
        todo.description = _described(description)
    if done is not None:
        todo.is_done = done
    await session.flush()
    return todo


async def delete_todo(session: AsyncSession, actor: Actor, todo_id: int) -> None:
    await session.delete(await _changeable(session, actor, todo_id))
    await session.flush()


async def todos_of_task(session: AsyncSession, task_id: int) -> Sequence[Todo]:
    found = await session.scalars(select(Todo).where(Todo.task_id == task_id).order_by(Todo.id))
    return found.all()


async def todos_of_ticket(session: AsyncSession, actor: Actor, ticket_id: int) -> Sequence[Todo]:
    """The ticket's own todos (its threads' too, not its tasks'), for its view: none for
    customers."""
    if actor.support is None or actor.support.role is SupportRole.CUSTOMER:
        return []
    found = await session.scalars(
        select(Todo)
        .where(Todo.ticket_id == ticket_id, Todo.task_id.is_(None), visible_todos(actor))
        .order_by(Todo.id)
    )
    return found.all()


async def _changeable(session: AsyncSession, actor: Actor, todo_id: int) -> Todo:
    """A todo of a ticket the caller sees; a task's todos change with the task privilege."""
    require_staff(actor)
    todo = await session.scalar(select(Todo).where(Todo.id == todo_id, visible_todos(actor)))
    if todo is None:
        raise NotFound(f"Todo {todo_id} not found.")
    if todo.task_id is not None:
        require_task_privilege(actor, EDIT_TASK)
    return todo


def _described(text: str) -> str:
    description = text.strip()
    if not description:
        raise ValidationFailed.for_field("description", "description is required.")
    return description
