"""The vocabulary of workflows (events, conditions, actions) and the checks a definition
passes before it is stored, so the engine only ever meets what it understands.

Names are UVdesk's (camelCase); a client may also write them in snake_case or another
case (``mail_customer``, ``MailCustomer``): they are compared without case and ``_``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.mailboxes.models import EmailTemplate
from helpdesk.domain.shared.bounds import ID_MAX, NAME_MAX, bounded
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.events import Trigger
from helpdesk.domain.support.models import (
    SupportGroup,
    SupportTeam,
    TicketPriority,
    TicketStatus,
    TicketType,
)
from helpdesk.domain.tickets.service import staff_user

MAX_ITEMS = 50
"""Events, conditions or actions one workflow may hold."""
VALUE_MAX = 1000

CONDITION_TYPES = (
    "subject",
    "description",
    "fromMail",
    "status",
    "priority",
    "type",
    "group",
    "team",
    "agent",
    "tag",
    "mailbox",
    "source",
    "userType",
)
MATCHES = ("is", "isNot", "contains", "notContains", "startWith", "endWith")
ACTION_TYPES = (
    "priority",
    "status",
    "type",
    "group",
    "team",
    "agent",
    "tag",
    "note",
    "markSpam",
    "mailCustomer",
    "mailAgent",
    "mailGroup",
    "mailTeam",
)
MAIL_ACTIONS = frozenset({"mailCustomer", "mailAgent", "mailGroup", "mailTeam"})
# Actions whose value names a row of this kind.
ACTION_TARGETS: Mapping[str, type[Any]] = {
    "priority": TicketPriority,
    "status": TicketStatus,
    "type": TicketType,
    "group": SupportGroup,
    "team": SupportTeam,
    **dict.fromkeys(MAIL_ACTIONS, EmailTemplate),
}


def _key(name: str) -> str:
    return name.replace("_", "").replace("-", "").lower()


_TRIGGERS = {_key(t.value): t.value for t in Trigger}
_CONDITIONS = {_key(n): n for n in CONDITION_TYPES}
_MATCHES = {_key(n): n for n in MATCHES}
_ACTIONS = {_key(n): n for n in ACTION_TYPES}


@dataclass(frozen=True, slots=True)
class Definition:
    """A workflow's parts, checked and in canonical names."""

    events: list[dict[str, Any]]
    conditions: list[dict[str, Any]]
    actions: list[dict[str, Any]]


def _items(value: Any, field: str) -> list[Mapping[str, Any]]:
    """A list of objects; UVdesk clients also send an associative array (``{"0": {...}}``)."""
    if value is None:
        return []
    if isinstance(value, Mapping):
        value = list(value.values())
    if not isinstance(value, list) or not all(isinstance(item, Mapping) for item in value):
        raise ValidationFailed.for_field(field, f"{field} must be a list of objects.")
    if len(value) > MAX_ITEMS:
        raise ValidationFailed.for_field(field, f"{field} may hold at most {MAX_ITEMS} items.")
    return value


def _name(value: Any, known: Mapping[str, str], field: str) -> str:
    found = known.get(_key(str(value))) if isinstance(value, str | int) else None
    if found is None:
        allowed = ", ".join(known.values())
        raise ValidationFailed.for_field(field, f"{field} must be one of {allowed}.")
    return found


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValidationFailed.for_field(field, f"{field} must be a text or a number.")
    return bounded(field, str(value).strip(), VALUE_MAX)


def check_events(value: Any) -> list[dict[str, Any]]:
    events = []
    for index, item in enumerate(_items(value, "events")):
        field = f"events[{index}]"
        if _key(str(item.get("event") or "ticket")) != "ticket":
            raise ValidationFailed.for_field(f"{field}.event", "event must be ticket.")
        trigger = _name(item.get("trigger"), _TRIGGERS, f"{field}.trigger")
        events.append({"event": "ticket", "trigger": trigger})
    return events


def check_conditions(value: Any) -> list[dict[str, Any]]:
    conditions = []
    for index, item in enumerate(_items(value, "conditions")):
        field = f"conditions[{index}]"
        conditions.append(
            {
                "type": _name(item.get("type"), _CONDITIONS, f"{field}.type"),
                "match": _name(item.get("match"), _MATCHES, f"{field}.match"),
                "value": _text(item.get("value"), f"{field}.value"),
            }
        )
    return conditions


async def check_actions(session: AsyncSession, value: Any) -> list[dict[str, Any]]:
    items = _items(value, "actions")
    if not items:
        raise ValidationFailed.for_field("actions", "actions is required.")
    actions = []
    for index, item in enumerate(items):
        field = f"actions[{index}]"
        kind = _name(item.get("type"), _ACTIONS, f"{field}.type")
        text = _text(item.get("value"), f"{field}.value")
        await _check_target(session, kind, text, f"{field}.value")
        actions.append({"type": kind, "value": text})
    return actions


async def _check_target(session: AsyncSession, kind: str, text: str, field: str) -> None:
    if kind in ("tag", "note") and not text:
        raise ValidationFailed.for_field(field, f"value is required for {kind}.")
    if kind == "tag":
        bounded(field, text, NAME_MAX)
    model = ACTION_TARGETS.get(kind)
    if model is None and kind != "agent":
        return
    if not text.isdigit() or not 0 < int(text) <= ID_MAX:
        raise ValidationFailed.for_field(field, f"value must be an id for {kind}.")
    if model is not None and await session.get(model, int(text)) is None:
        raise ValidationFailed.for_field(field, f"Unknown {kind} {text}.")
    if kind == "agent":
        try:
            await staff_user(session, int(text))
        except ValidationFailed:
            raise ValidationFailed.for_field(field, f"Agent {text} not found.") from None


async def check_definition(
    session: AsyncSession,
    *,
    automatic: bool,
    events: Any,
    conditions: Any,
    actions: Any,
) -> Definition:
    checked_events = check_events(events)
    if automatic and not checked_events:
        raise ValidationFailed.for_field("events", "An automatic workflow needs events.")
    return Definition(
        events=checked_events if automatic else [],
        conditions=check_conditions(conditions),
        actions=await check_actions(session, actions),
    )


def triggers_of(events: Sequence[Mapping[str, Any]]) -> frozenset[str]:
    return frozenset(str(event["trigger"]) for event in events)
