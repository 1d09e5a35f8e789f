"""Agent privilege sets: named lists of ``ROLE_AGENT_*`` permissions given to agents."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import require_privilege
from helpdesk.domain.identity.models import AgentPrivilege
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

PRIVILEGE_FIELDS = Fields(
    {
        "id": AgentPrivilege.id,
        "name": AgentPrivilege.name,
        "createdAt": AgentPrivilege.created_at,
    }
)
MANAGE_AGENT_PRIVILEGE = "ROLE_AGENT_MANAGE_AGENT_PRIVILEGE"
PRIVILEGE_PREFIX = "ROLE_AGENT_"


async def list_privileges(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Page[AgentPrivilege]:
    require_privilege(actor, MANAGE_AGENT_PRIVILEGE)
    return await fetch_page(
        session, select(AgentPrivilege), PRIVILEGE_FIELDS, query, primary_key=AgentPrivilege.id
    )


async def save_privilege(
    session: AsyncSession,
    actor: Actor,
    *,
    name: str,
    description: str,
    privileges: Sequence[str],
    privilege_id: int | None = None,
) -> AgentPrivilege:
    require_privilege(actor, MANAGE_AGENT_PRIVILEGE)
    unknown = [p for p in privileges if not p.startswith(PRIVILEGE_PREFIX)]
    if unknown:
        raise ValidationFailed.for_field(
            "privileges", f"Not agent privileges: {', '.join(unknown)}."
        )
    record = (
        AgentPrivilege() if privilege_id is None else await get_privilege(session, privilege_id)
    )
    record.name, record.description, record.privileges = name, description, list(privileges)
    if privilege_id is None:
        session.add(record)
    await session.flush()
    return record


async def get_privilege(session: AsyncSession, privilege_id: int) -> AgentPrivilege:
    record = await session.get(AgentPrivilege, privilege_id)
    if record is None:
        raise NotFound(f"Privilege {privilege_id} not found.")
    return record


async def delete_privilege(session: AsyncSession, actor: Actor, privilege_id: int) -> None:
    require_privilege(actor, MANAGE_AGENT_PRIVILEGE)
    await session.delete(await get_privilege(session, privilege_id))
    await session.flush()
