"""Who may see and change tasks and todos.

Tasks and todos are the staff's: customers are refused (403) whatever the id, as on other
agent-only routes. An agent sees the tasks and todos of the tickets they see
(``tickets.access.visible_tickets``); anything else is not found and never listed or
counted. Changes need the task privileges (admins hold them all), checked before the task
is looked up, as UVdesk does.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, select

from helpdesk.domain.identity.access import is_support_agent, require_privilege
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied
from helpdesk.domain.tasks.models import Task, Todo
from helpdesk.domain.tickets.access import visible_tickets
from helpdesk.domain.tickets.models import Ticket

CREATE_TASK = "ROLE_AGENT_CREATE_TASK"
EDIT_TASK = "ROLE_AGENT_EDIT_TASK"
DELETE_TASK = "ROLE_AGENT_DELETE_TASK"
ADD_FOLLOWER = "ROLE_AGENT_ADD_MEMBER_TO_TASK"
REMOVE_FOLLOWER = "ROLE_AGENT_DELETE_MEMBER_FROM_TASK"


def require_staff(actor: Actor) -> None:
    if not is_support_agent(actor):
        raise PermissionDenied("Tasks and todos are available to agents and administrators only.")


def require_task_privilege(actor: Actor, privilege: str) -> None:
    require_staff(actor)
    require_privilege(actor, privilege)


def visible_tasks(actor: Actor) -> ColumnElement[bool]:
    """Tasks of the tickets the caller sees."""
    return Task.ticket_id.in_(select(Ticket.id).where(visible_tickets(actor)))


def visible_todos(actor: Actor) -> ColumnElement[bool]:
    """Todos of the tickets the caller sees (a task's todos carry its ticket)."""
    return Todo.ticket_id.in_(select(Ticket.id).where(visible_tickets(actor)))
