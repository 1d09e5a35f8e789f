"""Ticket events: what happened to a ticket, published into the unit of work.

Services that change a ticket publish a ``TicketEvent`` (``unit_of_work.publish``); the
unit of work hands every pending event, in order, to the subscribers its runtime was
built with (the workflow engine) just before it commits, in the same transaction. Events
an action of a workflow causes are published the same way and carry the chain of
workflows that led to them, so a workflow never runs twice in one chain (no loops).

Areas that change tickets sit below the engine and cannot call it; publishing an event is
how every path (single and bulk routes, mail intake, other workflows) reaches it."""

from __future__ import annotations

import enum
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession


class Trigger(enum.StrEnum):
    """What happened; the ``trigger`` of a workflow's ``{"event": "ticket", ...}``."""

    CREATED = "created"
    STATUS = "status"
    PRIORITY = "priority"
    TYPE = "type"
    GROUP = "group"
    TEAM = "team"
    AGENT = "agent"
    AGENT_REPLY = "agentReply"
    CUSTOMER_REPLY = "customerReply"
    COLLABORATOR_REPLY = "collaboratorReply"
    COLLABORATOR_ADDED = "collaboratorAdded"
    NOTE_ADDED = "noteAdded"


@dataclass(frozen=True, slots=True)
class Cause:
    """Why events are being published: by a person (the empty chain), or by the actions
    of the workflows in ``chain`` (outermost first)."""

    chain: tuple[int, ...] = ()
    answerable: bool = True


@dataclass(frozen=True, slots=True)
class TicketEvent:
    ticket_id: int
    trigger: Trigger
    thread_id: int | None = None
    answerable: bool = True
    """False when nothing may answer automatically (spam, machine-written mail)."""
    chain: tuple[int, ...] = ()
    """The workflows whose actions caused this event (none for a person's change)."""
    user_type: str | None = None
    """Who made the change, when a person did: ``agent``, ``customer`` or ``collaborator``."""


Subscriber = Callable[[AsyncSession, TicketEvent], Awaitable[None]]
"""Called with each event before the unit of work commits, in its transaction."""
