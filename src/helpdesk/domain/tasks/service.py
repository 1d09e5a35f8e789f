"""Tasks: made from a ticket and some of its threads, listed by stage, followed by agents."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from helpdesk.domain.identity.models import SupportRole, User, UserInstance
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page
from helpdesk.domain.support.models import TicketPriority
from helpdesk.domain.tasks.access import (
    ADD_FOLLOWER,
    CREATE_TASK,
    DELETE_TASK,
    EDIT_TASK,
    REMOVE_FOLLOWER,
    require_staff,
    require_task_privilege,
    visible_tasks,
)
from helpdesk.domain.tasks.models import NEW, STAGES, Task, Todo, task_threads
from helpdesk.domain.tickets.access import visible_tickets
from helpdesk.domain.tickets.models import Thread, Ticket

_AGENT = aliased(User)
STAFF_ROLES = (SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT)

TASK_FIELDS = Fields(
    {
        "id": Task.id,
        "subject": Task.subject,
        "createdAt": Task.created_at,
        "stage.id": Task.stage_id,
        "priority.id": Task.priority_id,
        "ticket.id": Task.ticket_id,
        "assignedAgent.id": Task.assigned_agent_id,
        "assignedAgent.email": select(_AGENT.email)
        .where(_AGENT.id == Task.assigned_agent_id)
        .scalar_subquery(),
        "assignedAgent.name": select(_AGENT.first_name)
        .where(_AGENT.id == Task.assigned_agent_id)
        .scalar_subquery(),
    }
)


class Keep(enum.Enum):
    """An edit leaves this field as it is."""

    KEEP = "keep"


KEEP = Keep.KEEP


@dataclass(frozen=True, slots=True)
class TaskDraft:
    subject: str
    description: str = ""
    assigned_agent_id: int | None = None
    deadline: date | None = None
    priority_id: int | None = None


@dataclass(frozen=True, slots=True)
class TaskChange:
    subject: str | None = None
    description: str | None = None
    stage_id: int | None = None
    priority_id: int | None = None
    assigned_agent_id: int | Keep | None = KEEP
    deadline: date | Keep | None = KEEP


async def list_tasks(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[Task]:
    require_staff(actor)
    statement = select(Task).where(visible_tasks(actor))
    return await fetch_page(session, statement, TASK_FIELDS, query, primary_key=Task.id)


async def stage_counts(session: AsyncSession, actor: Actor) -> dict[int, int]:
    """Tasks per stage, of every task the caller sees (whatever the list's filters)."""
    require_staff(actor)
    rows = await session.execute(
        select(Task.stage_id, func.count(Task.id))
        .where(visible_tasks(actor))
        .group_by(Task.stage_id)
    )
    return {stage: int(count) for stage, count in rows.all()}


async def get_task(session: AsyncSession, actor: Actor, task_id: int) -> Task:
    require_staff(actor)
    task = await session.scalar(
        select(Task)
        .where(Task.id == task_id, visible_tasks(actor))
        .execution_options(populate_existing=True)
    )
    if task is None:
        raise NotFound(f"Task {task_id} not found.")
    return task


async def linked_threads(session: AsyncSession, task_id: int) -> list[int]:
    """Ids of the ticket threads the task was made from or given, oldest first."""
    found = await session.scalars(
        select(task_threads.c.thread_id)
        .where(task_threads.c.task_id == task_id)
        .order_by(task_threads.c.thread_id)
    )
    return list(found)


async def tasks_of_ticket(session: AsyncSession, actor: Actor, ticket_id: int) -> Sequence[Task]:
    """The ticket's tasks for its view: none for customers."""
    if actor.support is None or actor.support.role is SupportRole.CUSTOMER:
        return []
    found = await session.scalars(
        select(Task).where(Task.ticket_id == ticket_id, visible_tasks(actor)).order_by(Task.id)
    )
    return found.all()


async def create_task(
    session: AsyncSession, actor: Actor, ticket_id: int, draft: TaskDraft, thread_ids: Sequence[int]
) -> Task:
    require_task_privilege(actor, CREATE_TASK)
    ticket = await session.scalar(
        select(Ticket).where(Ticket.id == ticket_id, visible_tickets(actor))
    )
    if ticket is None:
        raise ValidationFailed.for_field("ticket", f"Ticket {ticket_id} not found.")
    threads = await _threads_of(session, ticket.id, thread_ids, "threadIds")
    creator = await session.get(User, actor.user_id)
    if creator is None:
        raise NotFound("The calling user no longer exists.")
    agent = await _staff(session, draft.assigned_agent_id, "assignedAgent")
    task = Task(
        ticket_id=ticket.id,
        subject=_subject(draft.subject),
        description=draft.description,
        stage_id=NEW,
        priority_id=await _priority(session, draft.priority_id, ticket.priority_id),
        assigned_agent_id=agent.id if agent else None,
        user_id=creator.id,
        deadline=draft.deadline,
    )
    # The seed's task is followed by whoever made it and the agent it is assigned to.
    task.followers = [creator] + ([agent] if agent and agent.id != creator.id else [])
    session.add(task)
    await session.flush()
    if threads:
        await session.execute(
            insert(task_threads), [{"task_id": task.id, "thread_id": t} for t in threads]
        )
    await session.refresh(task)
    return task


async def edit_task(session: AsyncSession, actor: Actor, task_id: int, change: TaskChange) -> Task:
    require_task_privilege(actor, EDIT_TASK)
    task = await get_task(session, actor, task_id)
    if change.subject is not None:
        task.subject = _subject(change.subject)
    if change.description is not None:
        task.description = change.description
    if change.stage_id is not None:
        if change.stage_id not in STAGES:
            raise ValidationFailed.for_field("stage", "stage must be 1, 2 or 3.")
        task.stage_id = change.stage_id
    if change.priority_id is not None:
        task.priority_id = await _priority(session, change.priority_id, task.priority_id)
    if not isinstance(change.assigned_agent_id, Keep):
        agent = await _staff(session, change.assigned_agent_id, "assignedAgent")
        task.assigned_agent_id = agent.id if agent else None
        if agent is not None and agent.id not in {f.id for f in task.followers}:
            task.followers.append(agent)
    if not isinstance(change.deadline, Keep):
        task.deadline = change.deadline
    await session.flush()
    await session.refresh(task)
    return task


async def delete_task(session: AsyncSession, actor: Actor, task_id: int) -> None:
    require_task_privilege(actor, DELETE_TASK)
    task = await get_task(session, actor, task_id)
    await session.execute(delete(Todo).where(Todo.task_id == task.id))
    await session.delete(task)
    await session.flush()


async def add_follower(session: AsyncSession, actor: Actor, task_id: int, user_id: int) -> None:
    require_task_privilege(actor, ADD_FOLLOWER)
    task = await get_task(session, actor, task_id)
    follower = await _staff(session, user_id, "followerId")
    if follower is not None and follower.id not in {f.id for f in task.followers}:
        task.followers.append(follower)
    await session.flush()


async def remove_follower(session: AsyncSession, actor: Actor, task_id: int, user_id: int) -> None:
    require_task_privilege(actor, REMOVE_FOLLOWER)
    task = await get_task(session, actor, task_id)
    kept = [f for f in task.followers if f.id != user_id]
    if len(kept) == len(task.followers):
        raise ValidationFailed.for_field("followerId", f"User {user_id} does not follow the task.")
    task.followers = kept
    await session.flush()


async def link_thread(session: AsyncSession, actor: Actor, task_id: int, thread_id: int) -> None:
    require_task_privilege(actor, EDIT_TASK)
    task = await get_task(session, actor, task_id)
    await _threads_of(session, task.ticket_id, [thread_id], "threadId")
    if thread_id not in await linked_threads(session, task.id):
        await session.execute(insert(task_threads), [{"task_id": task.id, "thread_id": thread_id}])


async def unlink_thread(session: AsyncSession, actor: Actor, task_id: int, thread_id: int) -> None:
    require_task_privilege(actor, EDIT_TASK)
    task = await get_task(session, actor, task_id)
    removed = await session.execute(
        delete(task_threads).where(
            task_threads.c.task_id == task.id, task_threads.c.thread_id == thread_id
        )
    )
    if not removed.rowcount:  # type: ignore[attr-defined]
        raise ValidationFailed.for_field("threadId", f"Thread {thread_id} is not on the task.")


def _subject(text: str) -> str:
    subject = text.strip()
    if not subject:
        raise ValidationFailed.for_field("subject", "subject is required.")
    return subject


async def _threads_of(
    session: AsyncSession, ticket_id: int, thread_ids: Sequence[int], field: str
) -> list[int]:
    """The given threads, each of which must be a thread of the ticket (else a 400)."""
    wanted = sorted(set(thread_ids))
    if not wanted:
        return []
    found = set(
        await session.scalars(
            select(Thread.id).where(Thread.id.in_(wanted), Thread.ticket_id == ticket_id)
        )
    )
    strangers = [str(i) for i in wanted if i not in found]
    if strangers:
        raise ValidationFailed.for_field(
            field, f"Not threads of the task's ticket: {', '.join(strangers)}."
        )
    return wanted


async def _staff(session: AsyncSession, user_id: int | None, field: str) -> User | None:
    """An agent or administrator by user id (clients send user ids); None for none."""
    if user_id is None:
        return None
    user = await session.scalar(
        select(User)
        .join(UserInstance, UserInstance.user_id == User.id)
        .where(User.id == user_id, UserInstance.role.in_(STAFF_ROLES))
        .limit(1)
    )
    if user is None:
        raise ValidationFailed.for_field(field, f"Agent {user_id} not found.")
    return user


async def _priority(session: AsyncSession, priority_id: int | None, default: int) -> int:
    if priority_id is None:
        return default
    if await session.get(TicketPriority, priority_id) is None:
        raise ValidationFailed.for_field("priority", "priority must be 1, 2, 3 or 4.")
    return priority_id
