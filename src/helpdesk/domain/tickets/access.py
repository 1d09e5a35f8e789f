"""Who may see and change tickets.

Admins see every ticket. Agents see tickets by their ``ticketView`` scope (1 or unset:
all; 2: their groups'; 3: their teams'; 4: assigned to them; an agent always sees what is
assigned to them) and act as their privileges allow. Customers see the tickets they
raised and those they collaborate on. A ticket outside the caller's scope is not found.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, or_, select, true

from helpdesk.domain.identity.access import ADMIN_ROLES, has_agent_privilege, is_support_agent
from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied
from helpdesk.domain.support.models import group_members, team_members
from helpdesk.domain.tickets.models import Thread, ThreadType, Ticket, ticket_collaborators

ALL_TICKETS, GROUP_TICKETS, TEAM_TICKETS, OWN_TICKETS = 1, 2, 3, 4


def visible_tickets(actor: Actor) -> ColumnElement[bool]:
    support = actor.support
    if support is None:
        return false()
    if support.role in ADMIN_ROLES:
        return true()
    if support.role == SupportRole.CUSTOMER:
        collaborating = select(ticket_collaborators.c.ticket_id).where(
            ticket_collaborators.c.user_id == actor.user_id
        )
        return or_(Ticket.customer_id == actor.user_id, Ticket.id.in_(collaborating))
    return _agent_scope(actor.user_id, support.instance_id, support.ticket_view)


def sees_every_ticket(actor: Actor) -> bool:
    """Whether ``visible_tickets(actor)`` is every ticket (admins, agents with the global
    ticket view): their counts can come from the maintained tallies."""
    support = actor.support
    if support is None or support.role == SupportRole.CUSTOMER:
        return False
    return support.role in ADMIN_ROLES or support.ticket_view not in (
        GROUP_TICKETS,
        TEAM_TICKETS,
        OWN_TICKETS,
    )


def _agent_scope(user_id: int, instance_id: int, ticket_view: int | None) -> ColumnElement[bool]:
    assigned = Ticket.agent_id == user_id
    if ticket_view == GROUP_TICKETS:
        groups = select(group_members.c.group_id).where(
            group_members.c.user_instance_id == instance_id
        )
        return or_(assigned, Ticket.group_id.in_(groups))
    if ticket_view == TEAM_TICKETS:
        teams = select(team_members.c.team_id).where(team_members.c.user_instance_id == instance_id)
        return or_(assigned, Ticket.team_id.in_(teams))
    if ticket_view == OWN_TICKETS:
        return assigned
    return true()


def is_customer(actor: Actor) -> bool:
    return actor.support is not None and actor.support.role == SupportRole.CUSTOMER


def sees_notes(actor: Actor) -> bool:
    return is_support_agent(actor)


def readable_threads(actor: Actor) -> ColumnElement[bool]:
    """Threads the caller reads on a ticket they see: notes are for agents and admins, and
    stay out of everything a customer can list, count or search."""
    if sees_notes(actor):
        return true()
    return Thread.thread_type != ThreadType.NOTE


def require_ticket_privilege(actor: Actor, privilege: str) -> None:
    """Staff-only ticket operations; agents need ``privilege`` (admins hold them all)."""
    if not has_agent_privilege(actor, privilege):
        raise PermissionDenied(f"This needs the {privilege} privilege.")
