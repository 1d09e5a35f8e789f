"""Parameter definitions: what a case or a form asks for, and the rules its values follow."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.forms.models import (
    CaseParameterValue,
    GroupParameter,
    ParameterDefinition,
    ParameterPhase,
    ParameterScope,
)
from helpdesk.domain.forms.values import CHOICE_TYPES, allowed_choices
from helpdesk.domain.identity.ownership import (
    account_paths,
    owning_account_id,
    require_owner,
    visible_owned,
)
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

EDITABLE = frozenset(
    {
        "external_id",
        "name",
        "description",
        "type",
        "scope",
        "phase",
        "multiple",
        "constraints",
        "options",
        "display_order",
        "status",
    }
)

PARAMETER_FIELDS = Fields(
    {
        "id": ParameterDefinition.public_id,
        "externalId": ParameterDefinition.external_id,
        "name": ParameterDefinition.name,
        "description": ParameterDefinition.description,
        "type": ParameterDefinition.type,
        "scope": ParameterDefinition.scope,
        "phase": ParameterDefinition.phase,
        "multiple": ParameterDefinition.multiple,
        "status": ParameterDefinition.status,
        "displayOrder": ParameterDefinition.display_order,
        "revision": ParameterDefinition.revision,
        "audit.created.at": ParameterDefinition.created_at,
        "audit.updated.at": ParameterDefinition.updated_at,
    }
).merge(account_paths(ParameterDefinition.account_id))


async def get_parameter(session: AsyncSession, actor: Actor, public_id: str) -> ParameterDefinition:
    found = await session.scalar(
        select(ParameterDefinition).where(
            ParameterDefinition.public_id == public_id,
            visible_owned(actor, ParameterDefinition.account_id),
        )
    )
    if found is None:
        raise NotFound(f"Parameter {public_id} not found.")
    return found


async def list_parameters(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Page[ParameterDefinition]:
    statement = select(ParameterDefinition).where(
        visible_owned(actor, ParameterDefinition.account_id)
    )
    return await fetch_page(
        session, statement, PARAMETER_FIELDS, query, primary_key=ParameterDefinition.id
    )


async def define_parameter(
    session: AsyncSession, actor: Actor, values: Mapping[str, Any], account: str | None = None
) -> ParameterDefinition:
    definition = ParameterDefinition(
        public_id=await allocate_public_id(session, ParameterDefinition.public_id, "PAR", 2),
        account_id=await owning_account_id(session, actor, account),
        phase=ParameterPhase.REQUEST,
        multiple=False,
        constraints={},
        options={},
        status="Active",
    )
    _assign(definition, values)
    check_definition(definition)
    record_created(definition, actor)
    session.add(definition)
    await session.flush()
    await session.refresh(definition, ["account"])
    return definition


async def change_parameter(
    session: AsyncSession, actor: Actor, public_id: str, values: Mapping[str, Any]
) -> ParameterDefinition:
    definition = await get_parameter(session, actor, public_id)
    require_owner(actor, definition.account_id, "parameter")
    _assign(definition, values)
    check_definition(definition)
    record_change(definition, actor)
    await session.flush()
    return definition


async def delete_parameter(session: AsyncSession, actor: Actor, public_id: str) -> None:
    definition = await get_parameter(session, actor, public_id)
    require_owner(actor, definition.account_id, "parameter")
    used = await session.scalar(
        select(
            or_(
                exists().where(GroupParameter.parameter_id == definition.id),
                exists().where(CaseParameterValue.parameter_id == definition.id),
            )
        )
    )
    if used:
        raise Conflict(f"Parameter {public_id} is still used by groups or cases.")
    await session.delete(definition)
    await session.flush()


def check_definition(definition: ParameterDefinition) -> None:
    """Rules a definition must follow before values can be checked against it."""
    if not definition.name:
        raise ValidationFailed.for_field("name", "A parameter needs a name.")
    if definition.scope == ParameterScope.CASE and definition.display_order is None:
        raise ValidationFailed.for_field("displayOrder", "Case parameters need a displayOrder.")
    pattern = (definition.constraints or {}).get("pattern")
    if pattern is not None:
        try:
            re.compile(str(pattern))
        except re.error:
            raise ValidationFailed.for_field(
                "constraints.pattern", "The pattern is not a valid regular expression."
            ) from None
    if definition.type in CHOICE_TYPES and not allowed_choices(definition):
        raise ValidationFailed.for_field(
            "constraints.options", "A choice parameter needs at least one option."
        )


def _assign(definition: ParameterDefinition, values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if name in EDITABLE:
            setattr(definition, name, value)
