"""The organisation's vocabulary as pickers show it: statuses, priorities, active types,
groups and teams, tags, and the people tickets can be filtered by."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import raiseload, selectinload

from helpdesk.domain.identity.models import SupportRole, User
from helpdesk.domain.identity.repository import active_users_in_roles
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.support.access import require_staff
from helpdesk.domain.support.models import (
    SupportGroup,
    SupportTag,
    SupportTeam,
    TicketPriority,
    TicketStatus,
    TicketType,
)


@dataclass(frozen=True, slots=True)
class ReferenceLists:
    statuses: list[TicketStatus]
    priorities: list[TicketPriority]
    types: list[TicketType]
    groups: list[SupportGroup]
    teams: list[SupportTeam]


_LISTS = "support.reference_lists"
_READ_FROM = frozenset(
    {
        "ticket_statuses",
        "ticket_priorities",
        "ticket_types",
        "support_groups",
        "support_teams",
        "support_team_groups",
    }
)


async def reference_lists(session: AsyncSession) -> ReferenceLists:
    """What UVdesk lists beside tickets and in the filters (types, groups and teams only
    while active), from the process memo (``domain/shared/process_memo.py``): names, codes
    and colours, and each group's teams; the group and team members are not loaded. The
    objects are detached and shared between requests: read them, never change them."""
    return await unit_of_work(session).shared(_LISTS, _READ_FROM, lambda: _read_lists(session))


async def _read_lists(session: AsyncSession) -> ReferenceLists:
    statuses = await session.scalars(select(TicketStatus).order_by(TicketStatus.sort_order))
    priorities = await session.scalars(select(TicketPriority).order_by(TicketPriority.id))
    types = await session.scalars(
        select(TicketType).where(TicketType.is_active.is_(True)).order_by(TicketType.id)
    )
    groups = await session.scalars(
        select(SupportGroup)
        .where(SupportGroup.is_active.is_(True))
        .order_by(SupportGroup.id)
        .options(
            raiseload(SupportGroup.members),
            selectinload(SupportGroup.teams).options(
                raiseload(SupportTeam.members), raiseload(SupportTeam.groups)
            ),
        )
    )
    teams = await session.scalars(
        select(SupportTeam)
        .where(SupportTeam.is_active.is_(True))
        .order_by(SupportTeam.id)
        .options(raiseload(SupportTeam.members), raiseload(SupportTeam.groups))
    )
    lists = ReferenceLists(
        statuses=list(statuses),
        priorities=list(priorities),
        types=list(types),
        groups=list(groups),
        teams=list(teams),
    )
    shared = {
        *lists.statuses,
        *lists.priorities,
        *lists.types,
        *lists.groups,
        *lists.teams,
        *(team for group in lists.groups for team in group.teams),
    }
    for row in shared:  # other requests read them: no session may expire or load them
        if row in session:
            session.expunge(row)
    return lists


STAFF_ROLES = (SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT)
CUSTOMER_ROLES = (SupportRole.CUSTOMER,)


@dataclass(frozen=True, slots=True)
class FilterChoices:
    """The options of a ticket filter form; the optional lists are ``None`` unless asked."""

    lists: ReferenceLists
    tags: list[SupportTag] | None = None
    agents: list[User] | None = None
    customers: list[User] | None = None


async def filter_choices(
    session: AsyncSession, actor: Actor, *, tags: bool, agents: bool, customers: bool
) -> FilterChoices:
    """For agents and admins: the reference lists, plus tags and active people if asked."""
    require_staff(actor)
    found_tags = (
        await session.scalars(select(SupportTag).order_by(SupportTag.name)) if tags else None
    )
    return FilterChoices(
        lists=await reference_lists(session),
        tags=None if found_tags is None else list(found_tags),
        agents=await active_users_in_roles(session, STAFF_ROLES) if agents else None,
        customers=await active_users_in_roles(session, CUSTOMER_ROLES) if customers else None,
    )
