"""The workflow engine: automatic workflows run on ticket events, in their order.

``on_ticket_event`` is the unit of work's subscriber (wired once, in
``helpdesk.domain.runtime``): every event any path publishes reaches it before the unit
commits, in the same transaction, so a failed action rolls the whole unit back. The
enabled automatic workflows are loaded once per unit of work. An action's own changes
publish events too, carrying the chain of workflows that caused them: a workflow already
in the chain does not run again (each runs at most once per chain), and chains are cut
at ``MAX_DEPTH``. Every run is logged on the ticket (``WorkflowRun``)."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import ADMIN_ROLES
from helpdesk.domain.identity.models import User, UserInstance
from helpdesk.domain.mailboxes.models import EmailTemplate
from helpdesk.domain.outbox.compose import render_email
from helpdesk.domain.outbox.service import queue_mail
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.events import Cause, TicketEvent, Trigger
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.support.catalog import tag_named
from helpdesk.domain.support.models import group_members, team_members
from helpdesk.domain.tickets import search
from helpdesk.domain.tickets.models import Thread, ThreadType, Ticket
from helpdesk.domain.tickets.queries import opening_thread
from helpdesk.domain.tickets.service import add_thread, staff_user
from helpdesk.domain.workflows.models import Workflow, WorkflowRun, WorkflowType
from helpdesk.domain.workflows.rules import ACTION_TARGETS, MAIL_ACTIONS, triggers_of

log = logging.getLogger(__name__)

MAX_DEPTH = 8
"""Workflows one chain may pass through (each at most once): a bound on any cascade."""
SPAM_STATUS = 5
MANUAL = "manual"
_MEMO = "workflows.automatic"
# Ticket fields an action sets, with the event a change of them publishes.
FIELDS = {
    "priority": ("priority_id", Trigger.PRIORITY),
    "status": ("status_id", Trigger.STATUS),
    "type": ("type_id", Trigger.TYPE),
    "group": ("group_id", Trigger.GROUP),
    "team": ("team_id", Trigger.TEAM),
}


@dataclass(frozen=True, slots=True)
class Plan:
    """A workflow as the engine runs it, detached from the session."""

    id: int
    name: str
    triggers: frozenset[str]
    conditions: tuple[dict[str, Any], ...]
    actions: tuple[dict[str, Any], ...]


def plan_of(workflow: Workflow) -> Plan:
    return Plan(
        workflow.id,
        workflow.name,
        triggers_of(workflow.events),
        tuple(workflow.conditions),
        tuple(workflow.actions),
    )


def forget_plans(session: AsyncSession) -> None:
    """Workflows changed in this unit: load them again for the next event."""
    unit_of_work(session).memo.pop(_MEMO, None)


async def _automatic(session: AsyncSession) -> Sequence[Plan]:
    work = unit_of_work(session)
    cached = work.memo.get(_MEMO)
    if isinstance(cached, tuple):
        return cached

    async def load() -> tuple[Plan, ...]:
        rows = await session.scalars(
            select(Workflow)
            .where(Workflow.type == int(WorkflowType.AUTOMATIC), Workflow.is_active.is_(True))
            .order_by(Workflow.position, Workflow.id)
        )
        return tuple(plan_of(row) for row in rows)

    # Every write that changes a ticket asks: the process keeps them (a change to the
    # workflows in this unit reads them again, see ``UnitOfWork.shared``).
    plans = await work.shared(_MEMO, {Workflow.__tablename__}, load)
    work.memo[_MEMO] = plans
    return plans


async def on_ticket_event(session: AsyncSession, event: TicketEvent) -> None:
    """Run the automatic workflows listening for ``event``, in order, on its ticket."""
    if len(event.chain) >= MAX_DEPTH:
        return
    plans = [
        plan
        for plan in await _automatic(session)
        if event.trigger.value in plan.triggers and plan.id not in event.chain
    ]
    if not plans:
        return
    ticket = await session.get(Ticket, event.ticket_id)
    if ticket is None:  # removed later in the same unit of work
        return
    for plan in plans:
        if await Conditions(session, ticket, event).hold(plan.conditions):
            await run(session, plan, ticket, event, trigger=event.trigger.value)


async def run(
    session: AsyncSession,
    plan: Plan,
    ticket: Ticket,
    event: TicketEvent,
    *,
    trigger: str,
    applied_by: int | None = None,
) -> WorkflowRun:
    """Apply ``plan``'s actions to ``ticket`` and log the run; the changes the actions
    make publish their events with this workflow added to the chain."""
    work = unit_of_work(session)
    outer = work.cause
    work.cause = Cause(chain=(*event.chain, plan.id), answerable=event.answerable)
    try:
        done = [
            {**action, "outcome": await _apply(session, ticket, action, event)}
            for action in plan.actions
        ]
    finally:
        work.cause = outer
    record = WorkflowRun(
        ticket_id=ticket.id,
        workflow_id=plan.id,
        workflow_name=plan.name,
        trigger=trigger,
        applied_by_id=applied_by,
        actions=done,
    )
    session.add(record)
    await session.flush()
    return record


class Conditions:
    """A workflow's conditions against one ticket; every condition must hold."""

    def __init__(self, session: AsyncSession, ticket: Ticket, event: TicketEvent) -> None:
        self.session, self.ticket, self.event = session, ticket, event

    async def hold(self, conditions: Sequence[dict[str, Any]]) -> bool:
        for condition in conditions:
            values = await self._values(condition["type"])
            if not _matches(condition["match"], values, str(condition["value"])):
                return False
        return True

    async def _values(self, kind: str) -> list[str]:
        ticket = self.ticket
        known: dict[str, object] = {
            "status": ticket.status_id,
            "priority": ticket.priority_id,
            "type": ticket.type_id,
            "group": ticket.group_id,
            "team": ticket.team_id,
            "agent": ticket.agent_id,
            "mailbox": ticket.mailbox_id,
            "subject": ticket.subject,
            "source": ticket.source,
            "userType": self.event.user_type,
        }
        if kind in known:
            value = known[kind]
            return [] if value is None else [str(value)]
        if kind == "fromMail":
            await self.session.refresh(ticket, ["customer"])
            return [ticket.customer.email]
        if kind == "tag":
            return [tag.name for tag in ticket.tags]
        thread = await self._thread()
        return [thread.message] if thread is not None else []

    async def _thread(self) -> Thread | None:
        if self.event.thread_id is not None:
            return await self.session.get(Thread, self.event.thread_id)
        return await opening_thread(self.session, self.ticket.id)


def _matches(match: str, values: list[str], expected: str) -> bool:
    """Texts compare without case; ``isNot`` and ``notContains`` hold for no value at all."""
    wanted = expected.lower()
    found = [value.lower() for value in values]
    if match == "isNot":
        return not _matches("is", values, expected)
    if match == "notContains":
        return not _matches("contains", values, expected)
    if match == "is":
        return wanted in found
    if match == "contains":
        return any(wanted in value for value in found)
    if match == "startWith":
        return any(value.startswith(wanted) for value in found)
    return any(value.endswith(wanted) for value in found)


async def _apply(
    session: AsyncSession, ticket: Ticket, action: dict[str, Any], event: TicketEvent
) -> str:
    """Do one action; answers what it did (``set``, ``unchanged``, ``queued``, ``skipped:
    why``). Values were checked when the workflow was saved; a row removed since is
    skipped, never an error that would roll the event's own change back."""
    kind, value = action["type"], str(action["value"])
    if kind == "markSpam":
        kind, value = "status", str(SPAM_STATUS)
    if kind in FIELDS or kind == "agent":
        return await _set_field(session, ticket, kind, int(value))
    if kind == "tag":
        return await _add_tag(session, ticket, value)
    if kind == "note":
        return await _add_note(session, ticket, value)
    if kind in MAIL_ACTIONS:
        return await _mail(session, ticket, kind, int(value), event)
    return "skipped: unknown action"


async def _set_field(session: AsyncSession, ticket: Ticket, kind: str, chosen: int) -> str:
    if kind == "agent":
        attribute, trigger = "agent_id", Trigger.AGENT
        try:
            await staff_user(session, chosen)
        except ValidationFailed:
            return "skipped: the agent is gone"
    else:
        attribute, trigger = FIELDS[kind]
        if await session.get(ACTION_TARGETS[kind], chosen) is None:
            return f"skipped: the {kind} is gone"
    if getattr(ticket, attribute) == chosen:
        return "unchanged"
    setattr(ticket, attribute, chosen)
    await session.flush()
    unit_of_work(session).publish(ticket.id, trigger)
    return "set"


async def _add_tag(session: AsyncSession, ticket: Ticket, name: str) -> str:
    tag = await tag_named(session, name)
    if tag.id in {existing.id for existing in ticket.tags}:
        return "unchanged"
    ticket.tags.append(tag)
    await session.flush()
    await search.index_ticket(session, ticket.id)
    return "set"


async def _add_note(session: AsyncSession, ticket: Ticket, message: str) -> str:
    """A note written in the name of the ticket's agent, or else the first administrator."""
    author_id = ticket.agent_id or await session.scalar(
        select(UserInstance.user_id)
        .where(UserInstance.role.in_(ADMIN_ROLES))
        .order_by(UserInstance.id)
        .limit(1)
    )
    author = await session.get(User, author_id) if author_id is not None else None
    if author is None:
        return "skipped: nobody to write the note"
    thread = await add_thread(
        session,
        ticket,
        author=author,
        user_type="agent",
        thread_type=ThreadType.NOTE,
        message=message,
        source="workflow",
    )
    unit_of_work(session).publish(ticket.id, Trigger.NOTE_ADDED, thread_id=thread.id)
    return "added"


async def _mail(
    session: AsyncSession, ticket: Ticket, kind: str, template_id: int, event: TicketEvent
) -> str:
    if not event.answerable:
        return "skipped: not answerable (spam or machine-written mail)"
    template = await session.get(EmailTemplate, template_id)
    if template is None:
        return "skipped: the template is gone"
    await session.refresh(ticket, ["status", "priority", "agent", "customer"])
    recipients = await _recipients(session, ticket, kind)
    if not recipients:
        return "skipped: nobody to mail"
    thread = await session.get(Thread, event.thread_id) if event.thread_id else None
    body = await render_email(session, template, ticket, thread)
    await queue_mail(
        session, ticket, None, body, template_code=template.code or f"template.{template.id}",
        to=recipients, cc=[],
    )  # fmt: skip
    return "queued"


async def _recipients(session: AsyncSession, ticket: Ticket, kind: str) -> list[str]:
    if kind == "mailCustomer":
        return [ticket.customer.email]
    if kind == "mailAgent":
        return [ticket.agent.email] if ticket.agent is not None else []
    members, unit_id = (
        (group_members, ticket.group_id) if kind == "mailGroup" else (team_members, ticket.team_id)
    )
    if unit_id is None:
        return []
    unit_column = members.c.group_id if kind == "mailGroup" else members.c.team_id
    emails = await session.scalars(
        select(User.email)
        .join(UserInstance, UserInstance.user_id == User.id)
        .join(members, members.c.user_instance_id == UserInstance.id)
        .where(unit_column == unit_id)
        .order_by(User.id)
    )
    return list(dict.fromkeys(emails))


def manual_event(ticket_id: int) -> TicketEvent:
    """What an agent applying a prepared response stands for: a person's change (an
    empty chain), answerable; its trigger is logged as ``manual``."""
    return TicketEvent(ticket_id, Trigger.CREATED)
