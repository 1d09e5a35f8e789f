"""Custom ticket fields: definitions, their order, and values checked on tickets."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import require_privilege
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, fetch_items
from helpdesk.domain.support.access import MANAGE_CUSTOM_FIELD, require_staff
from helpdesk.domain.support.models import CustomField, TicketType

FIELD_TYPES = frozenset({"text", "textarea", "select", "radio", "checkbox", "date", "time", "file"})
CHOICE_TYPES = frozenset({"select", "radio", "checkbox"})
AGENT_TYPES = frozenset({"user", "customer", "both"})
FIELD_FIELDS = Fields(
    {"id": CustomField.id, "name": CustomField.name, "sortOrder": CustomField.sort_order}
)


@dataclass(frozen=True, slots=True)
class FieldDraft:
    name: str | None = None
    field_type: str | None = None
    agent_type: str | None = None
    value: str | None = None
    required: bool | None = None
    status: bool | None = None
    validation: dict[str, Any] | None = None
    options: Sequence[str] | None = None
    dependency: Sequence[int] | None = None


async def list_fields(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Sequence[CustomField]:
    """A page of fields; the list reports no total, so it costs one query."""
    require_staff(actor)
    return await fetch_items(
        session, select(CustomField), FIELD_FIELDS, query, primary_key=CustomField.id
    )


async def dependency_types(
    session: AsyncSession, fields: Sequence[CustomField]
) -> dict[int, TicketType]:
    ids = {type_id for field in fields for type_id in field.dependency or []}
    if not ids:
        return {}
    return {
        t.id: t for t in await session.scalars(select(TicketType).where(TicketType.id.in_(ids)))
    }


async def save_field(
    session: AsyncSession, actor: Actor, draft: FieldDraft, field_id: int | None = None
) -> CustomField:
    require_privilege(actor, MANAGE_CUSTOM_FIELD)
    field = CustomField() if field_id is None else await get_field(session, field_id)
    if field_id is None:
        if not (draft.name or "").strip():
            raise ValidationFailed.for_field("name", "name is required.")
        next_order = await session.scalar(
            select(func.coalesce(func.max(CustomField.sort_order), 0))
        )
        field.sort_order = int(next_order or 0) + 1
        field.field_type, field.agent_type = "text", "both"
        field.is_required, field.status = False, True
        field.options, field.validation, field.dependency = [], {}, []
    await _assign(session, field, draft)
    clash = await session.scalar(
        select(CustomField.id).where(
            CustomField.name == field.name, CustomField.id != (field_id or 0)
        )
    )
    if clash is not None:
        raise Conflict(f"A custom field named {field.name} already exists.")
    if field_id is None:
        session.add(field)
    await session.flush()
    return field


async def get_field(session: AsyncSession, field_id: int) -> CustomField:
    field = await session.get(CustomField, field_id)
    if field is None:
        raise NotFound(f"Custom field {field_id} not found.")
    return field


async def delete_field(session: AsyncSession, actor: Actor, field_id: int) -> None:
    require_privilege(actor, MANAGE_CUSTOM_FIELD)
    await session.delete(await get_field(session, field_id))
    await session.flush()


async def reorder(session: AsyncSession, actor: Actor, ordered_ids: Sequence[int]) -> None:
    require_privilege(actor, MANAGE_CUSTOM_FIELD)
    fields = {
        f.id: f
        for f in await session.scalars(select(CustomField).where(CustomField.id.in_(ordered_ids)))
    }
    missing = [i for i in ordered_ids if i not in fields]
    if missing:
        raise ValidationFailed.for_field(
            "order", f"Unknown fields: {', '.join(map(str, missing))}."
        )
    for position, field_id in enumerate(ordered_ids, start=1):
        fields[field_id].sort_order = position
    await session.flush()


async def checked_values(
    session: AsyncSession, given: Mapping[int, Any], type_id: int | None
) -> dict[int, Any]:
    """Ticket values by field id, each checked against its field; required fields of the
    ticket's type must be present."""
    fields = list(await session.scalars(select(CustomField).where(CustomField.status.is_(True))))
    by_id = {field.id: field for field in fields}
    unknown = [field_id for field_id in given if field_id not in by_id]
    if unknown:
        raise ValidationFailed.for_field("customFields", f"Unknown custom fields: {unknown}.")
    errors: dict[str, list[str]] = {}
    for field in fields:
        applies = not field.dependency or type_id in field.dependency
        value = given.get(field.id)
        if value in (None, "", []):
            if field.is_required and applies and field.agent_type != "user":
                errors[f"customFields.{field.id}"] = [f"{field.name} is required."]
            continue
        problem = _problem(field, value)
        if problem:
            errors[f"customFields.{field.id}"] = [problem]
    if errors:
        raise ValidationFailed("Some custom fields are invalid.", errors)
    return {field_id: given[field_id] for field_id in given if given[field_id] not in (None, "")}


def _problem(field: CustomField, value: Any) -> str | None:
    if field.field_type in CHOICE_TYPES:
        allowed = {str(o["id"]) for o in field.options} | {str(o["name"]) for o in field.options}
        chosen = value if isinstance(value, list) else [value]
        if not all(str(item) in allowed for item in chosen):
            return f"{field.name} must be one of its options."
        return None
    pattern = (field.validation or {}).get("regex")
    if pattern and isinstance(value, str):
        try:
            if re.fullmatch(pattern, value) is None:
                return f"{field.name} does not match the expected format."
        except re.error:
            return None
    return None


async def _assign(session: AsyncSession, field: CustomField, draft: FieldDraft) -> None:
    if draft.name is not None:
        field.name = draft.name.strip()
    if draft.field_type is not None:
        if draft.field_type not in FIELD_TYPES:
            raise ValidationFailed.for_field(
                "fieldType", f"fieldType must be one of {sorted(FIELD_TYPES)}."
            )
        field.field_type = draft.field_type
    if draft.agent_type is not None:
        if draft.agent_type not in AGENT_TYPES:
            raise ValidationFailed.for_field(
                "agentType", "agentType must be user, customer or both."
            )
        field.agent_type = draft.agent_type
    for attribute, given in (
        ("value", draft.value),
        ("is_required", draft.required),
        ("status", draft.status),
        ("validation", draft.validation),
    ):
        if given is not None:
            setattr(field, attribute, given)
    if draft.options is not None:
        field.options = [
            {"id": index, "name": name, "sortOrder": index}
            for index, name in enumerate(draft.options, start=1)
        ]
    if draft.dependency is not None:
        known = set(
            await session.scalars(select(TicketType.id).where(TicketType.id.in_(draft.dependency)))
        )
        if known != set(draft.dependency):
            raise ValidationFailed.for_field("dependency", "Unknown ticket types.")
        field.dependency = list(draft.dependency)
    if field.field_type in CHOICE_TYPES and not field.options:
        raise ValidationFailed.for_field("options", "A choice field needs options.")
