"""Parameter values checked against their definitions (type, required, pattern, choices).

Used for case parameters and chat answers. ``problems`` never raises, for the answers'
``validate`` action; ``require_valid`` turns problems into one 400 naming each parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.forms.models import ParameterDefinition, ParameterScope, ParameterType
from helpdesk.domain.identity.ownership import visible_owned
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import ValidationFailed

TEXT_TYPES = frozenset(
    {ParameterType.SINGLE_LINE_TEXT, ParameterType.MULTI_LINE_TEXT, ParameterType.EMAIL}
)
CHOICE_TYPES = frozenset({ParameterType.CHOICE, ParameterType.DROP_DOWN})


@dataclass(frozen=True, slots=True)
class Problem:
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Entry:
    definition: ParameterDefinition
    value: Any


async def resolve(
    session: AsyncSession,
    actor: Actor,
    given: Sequence[Mapping[str, Any]],
    scope: ParameterScope,
) -> list[Entry]:
    """Match each given ``{"parameter": {"id"} | "id" | "externalId", "value"}`` to a
    definition the caller can see, in the given scope."""
    entries: list[Entry] = []
    for index, item in enumerate(given):
        reference = reference_of(item)
        if reference is None:
            raise ValidationFailed.for_field(
                f"parameters[{index}]", "Name the parameter by parameter.id or externalId."
            )
        definition = await session.scalar(
            select(ParameterDefinition).where(
                or_(
                    ParameterDefinition.public_id == reference,
                    ParameterDefinition.external_id == reference,
                ),
                ParameterDefinition.scope == scope,
                visible_owned(actor, ParameterDefinition.account_id),
            )
        )
        if definition is None:
            raise ValidationFailed.for_field(
                f"parameters[{index}]", f"Unknown {scope.value} parameter {reference}."
            )
        entries.append(Entry(definition, item.get("value")))
    return entries


def reference_of(item: Mapping[str, Any]) -> str | None:
    """The parameter a given value names: ``parameter.id``, ``externalId`` or ``id``."""
    parameter = item.get("parameter")
    if isinstance(parameter, Mapping) and isinstance(parameter.get("id"), str):
        return str(parameter["id"])
    for key in ("externalId", "id"):
        if isinstance(item.get(key), str):
            return str(item[key])
    return None


def problems(entries: Iterable[Entry], *, may_set_readonly: bool) -> dict[str, Problem]:
    """Every entry's problem, keyed by the definition's public id; empty when all is well."""
    found: dict[str, Problem] = {}
    for entry in entries:
        problem = problem_with(entry.definition, entry.value, may_set_readonly=may_set_readonly)
        if problem is not None:
            found[entry.definition.public_id] = problem
    return found


def require_valid(entries: Sequence[Entry], *, may_set_readonly: bool) -> None:
    found = problems(entries, may_set_readonly=may_set_readonly)
    if found:
        raise ValidationFailed(
            "Some parameter values are invalid.",
            {f"parameters.{key}": [problem.message] for key, problem in found.items()},
        )


def problem_with(
    definition: ParameterDefinition, value: Any, *, may_set_readonly: bool
) -> Problem | None:
    rules = definition.constraints or {}
    if _is_empty(value):
        required = bool(rules.get("required"))
        return Problem("required", f"{definition.name} is required.") if required else None
    if rules.get("readonly") and not may_set_readonly:
        return Problem("readonly", f"{definition.name} is read-only.")
    if definition.multiple and not isinstance(value, list):
        return Problem("type", f"{definition.name} takes a list of values.")
    for item in value if definition.multiple else [value]:
        problem = _item_problem(definition, rules, item)
        if problem is not None:
            return problem
    return None


def _is_empty(value: Any) -> bool:
    return value is None or value in ("", [])


def _item_problem(
    definition: ParameterDefinition, rules: Mapping[str, Any], item: Any
) -> Problem | None:
    kind = definition.type
    name = definition.name
    if kind == ParameterType.HEADING:
        return Problem("type", f"{name} is a heading and takes no value.")
    if kind in TEXT_TYPES or kind == ParameterType.DATE:
        return _text_problem(definition, rules, item) if isinstance(item, str) else _wrong(name)
    if kind == ParameterType.CHECKBOX:
        return None if isinstance(item, bool) else _wrong(name)
    if kind in CHOICE_TYPES:
        allowed = allowed_choices(definition)
        if str(item) in allowed:
            return None
        return Problem("choice", f"{name} must be one of: {', '.join(allowed)}.")
    return None if isinstance(item, dict) else _wrong(name)


def _wrong(name: str) -> Problem:
    return Problem("type", f"{name} has a value of the wrong type.")


def _text_problem(
    definition: ParameterDefinition, rules: Mapping[str, Any], text: str
) -> Problem | None:
    name = definition.name
    if isinstance(rules.get("minLength"), int) and len(text) < rules["minLength"]:
        return Problem("minLength", f"{name} needs at least {rules['minLength']} characters.")
    if isinstance(rules.get("maxLength"), int) and len(text) > rules["maxLength"]:
        return Problem("maxLength", f"{name} takes at most {rules['maxLength']} characters.")
    pattern = rules.get("pattern")
    if isinstance(pattern, str) and not _matches(pattern, text):
        return Problem("pattern", f"{name} does not match the expected format.")
    if definition.type == ParameterType.EMAIL:
        try:
            validate_email(text, check_deliverability=False)
        except EmailNotValidError:
            return Problem("email", f"{name} is not a valid email address.")
    if definition.type == ParameterType.DATE:
        try:
            date.fromisoformat(text[:10])
        except ValueError:
            return Problem("date", f"{name} is not a date (YYYY-MM-DD).")
    return None


def _matches(pattern: str, text: str) -> bool:
    try:
        return re.fullmatch(pattern, text) is not None
    except re.error:
        # A definition with a broken pattern cannot reject anything; the definition's own
        # validation refuses such patterns on write.
        return True


def allowed_choices(definition: ParameterDefinition) -> list[str]:
    """Choices from ``constraints.options`` (the rule), else the display ``options.choices``."""
    source = (definition.constraints or {}).get("options")
    if source is None:
        source = (definition.options or {}).get("choices", [])
    choices: list[str] = []
    for choice in source if isinstance(source, list) else []:
        value = choice.get("value") if isinstance(choice, dict) else choice
        if value is not None:
            choices.append(str(value))
    return choices


def display_value(definition: ParameterDefinition, value: Any) -> str | None:
    """What a person reads: the label of a chosen option, list items joined."""
    if _is_empty(value):
        return None
    items = value if isinstance(value, list) else [value]
    labels = _choice_labels(definition) if definition.type in CHOICE_TYPES else {}
    return ", ".join(labels.get(str(item), str(item)) for item in items)


def _choice_labels(definition: ParameterDefinition) -> dict[str, str]:
    labels: dict[str, str] = {}
    for source in (
        (definition.constraints or {}).get("options"),
        (definition.options or {}).get("choices"),
    ):
        for choice in source if isinstance(source, list) else []:
            if isinstance(choice, dict) and "value" in choice:
                labels.setdefault(str(choice["value"]), str(choice.get("label", choice["value"])))
    return labels
