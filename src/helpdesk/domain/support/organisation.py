"""Groups and teams (UVdesk "sub-groups") of agents."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import require_privilege
from helpdesk.domain.identity.models import SupportRole, UserInstance
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page
from helpdesk.domain.support.access import (
    MANAGE_GROUP,
    MANAGE_SUB_GROUP,
    require_staff,
)
from helpdesk.domain.support.models import SupportGroup, SupportTeam

STAFF_ROLES = (SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT)


@dataclass(frozen=True, slots=True)
class UnitDraft:
    """A group or a team as the caller describes it; ``None`` leaves a field unchanged."""

    name: str | None = None
    description: str | None = None
    active: bool | None = None
    users: Sequence[int] | None = None
    related: Sequence[int] | None = None


type Unit = SupportGroup | SupportTeam


async def list_units(
    session: AsyncSession, actor: Actor, model: type[Unit], query: ListQuery
) -> Page[Unit]:
    require_staff(actor)
    statement: Select[Unit] = select(model)
    return await fetch_page(session, statement, unit_fields(model), query, primary_key=model.id)


def unit_fields(model: type[Unit]) -> Fields:
    return Fields(
        {
            "id": model.id,
            "name": model.name,
            "isActive": model.is_active,
            "createdAt": model.created_at,
        }
    )


async def get_unit(session: AsyncSession, model: type[Unit], unit_id: int) -> Unit:
    unit: Unit | None = await session.get(model, unit_id)
    if unit is None:
        raise NotFound(f"{_label(model)} {unit_id} not found.")
    return unit


async def save_unit(
    session: AsyncSession,
    actor: Actor,
    model: type[Unit],
    draft: UnitDraft,
    unit_id: int | None = None,
) -> Unit:
    require_privilege(actor, MANAGE_GROUP if model is SupportGroup else MANAGE_SUB_GROUP)
    unit: Unit = model() if unit_id is None else await get_unit(session, model, unit_id)
    if unit_id is None and not (draft.name or "").strip():
        raise ValidationFailed.for_field("name", "name is required.")
    if draft.name is not None:
        unit.name = draft.name.strip()
    if draft.description is not None:
        unit.description = draft.description
    if draft.active is not None:
        unit.is_active = draft.active
    elif unit_id is None:
        unit.is_active = True
    if unit_id is None:
        unit.members = []
        if isinstance(unit, SupportGroup):
            unit.teams = []
        else:
            unit.groups = []
        session.add(unit)
    if draft.users is not None:
        unit.members = await staff_instances(session, draft.users)
    if draft.related is not None:
        if isinstance(unit, SupportGroup):
            unit.teams = await _all(session, SupportTeam, draft.related)
        else:
            unit.groups = await _all(session, SupportGroup, draft.related)
    await session.flush()
    return unit


async def delete_unit(session: AsyncSession, actor: Actor, model: type[Unit], unit_id: int) -> None:
    require_privilege(actor, MANAGE_GROUP if model is SupportGroup else MANAGE_SUB_GROUP)
    unit = await get_unit(session, model, unit_id)
    await session.delete(unit)
    await session.flush()


async def staff_instances(session: AsyncSession, user_ids: Sequence[int]) -> list[UserInstance]:
    """The agent-side role instances of the given users (clients send user ids)."""
    if not user_ids:
        return []
    found = list(
        await session.scalars(
            select(UserInstance).where(
                UserInstance.user_id.in_(user_ids), UserInstance.role.in_(STAFF_ROLES)
            )
        )
    )
    missing = set(user_ids) - {instance.user_id for instance in found}
    if missing:
        raise ValidationFailed.for_field(
            "users", f"Not agents: {', '.join(str(m) for m in sorted(missing))}."
        )
    return found


async def _all[M: (SupportGroup, SupportTeam)](
    session: AsyncSession, model: type[M], ids: Sequence[int]
) -> list[M]:
    found = list(await session.scalars(select(model).where(model.id.in_(ids)))) if ids else []
    missing = set(ids) - {item.id for item in found}
    if missing:
        field = "groups" if model is SupportGroup else "subgroups"
        raise ValidationFailed.for_field(
            field, f"Unknown ids: {', '.join(str(m) for m in sorted(missing))}."
        )
    return found


def _label(model: type[Unit]) -> str:
    return "Group" if model is SupportGroup else "Team"
