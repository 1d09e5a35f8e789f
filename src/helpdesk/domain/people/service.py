"""Customers and members (agents and admins) of the helpdesk."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import Integer, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.access import require_privilege
from helpdesk.domain.identity.models import AgentPrivilege, SupportRole, User, UserInstance
from helpdesk.domain.identity.passwords import hash_password
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.people.access import (
    MANAGE_AGENT,
    MANAGE_CUSTOMER,
    require_manager,
    require_role_change,
    require_support_managed,
)
from helpdesk.domain.shared.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page
from helpdesk.domain.support.models import SupportGroup, SupportTeam
from helpdesk.domain.tickets import service as tickets
from helpdesk.domain.tickets.queries import ticket_counts_by_customer

STAFF_ROLES = (SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT)
PEOPLE_FIELDS = Fields(
    {
        "id": UserInstance.id,
        "name": User.first_name,
        "fullName": User.first_name + " " + User.last_name,
        "email": User.email,
        "createdAt": UserInstance.created_at,
        "isActive": UserInstance.is_active,
        "isStarred": UserInstance.is_starred,
    }
)


@dataclass(frozen=True, slots=True)
class Person:
    """What a caller may set on a customer or member; ``None`` leaves it unchanged."""

    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    contact_number: str | None = None
    job_title: str | None = None
    timezone: str | None = None
    signature: str | None = None
    password: str | None = None
    active: bool | None = None
    role: SupportRole | None = None
    ticket_view: int | None = None
    privileges: Sequence[int] | None = None
    groups: Sequence[int] | None = None
    teams: Sequence[int] | None = None


@dataclass(frozen=True, slots=True)
class Listed:
    user: User
    instance: UserInstance
    tickets: int = 0


async def list_people(
    session: AsyncSession, actor: Actor, roles: Sequence[SupportRole], query: ListQuery
) -> Page[Listed]:
    require_privilege(actor, MANAGE_CUSTOMER if roles == (SupportRole.CUSTOMER,) else MANAGE_AGENT)
    statement = (
        select(UserInstance)
        .join(User, User.id == UserInstance.user_id)
        .where(UserInstance.role.in_(roles))
    )
    page = await fetch_page(session, statement, PEOPLE_FIELDS, query, primary_key=UserInstance.id)
    users = {
        user.id: user
        for user in await session.scalars(
            select(User).where(User.id.in_([i.user_id for i in page.items]))
        )
    }
    counts = await ticket_counts_by_customer(session, list(users))
    return Page(
        items=[Listed(users[i.user_id], i, counts.get(i.user_id, 0)) for i in page.items],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


async def starred_count(session: AsyncSession, role: SupportRole) -> tuple[int, int]:
    row = (
        await session.execute(
            select(
                func.count(UserInstance.id),
                func.coalesce(func.sum(func.cast(UserInstance.is_starred, type_=Integer)), 0),
            ).where(UserInstance.role == role)
        )
    ).one()
    return int(row[0]), int(row[1])


async def person(
    session: AsyncSession, actor: Actor, user_id: int, roles: Sequence[SupportRole]
) -> tuple[User, list[UserInstance]]:
    if roles == (SupportRole.CUSTOMER,):
        require_privilege(actor, MANAGE_CUSTOMER)
    elif actor.user_id != user_id:
        require_privilege(actor, MANAGE_AGENT)
    user = await session.get(User, user_id)
    instances = (
        []
        if user is None
        else list(
            await session.scalars(
                select(UserInstance)
                .where(UserInstance.user_id == user_id, UserInstance.role.in_(roles))
                .options(selectinload(UserInstance.privileges))
                .execution_options(populate_existing=True)
            )
        )
    )
    if user is None or not instances:
        raise NotFound(f"User {user_id} not found.")
    return user, instances


async def add_person(
    session: AsyncSession, actor: Actor, role: SupportRole, details: Person
) -> User:
    require_manager(actor, role)
    if not details.email:
        raise ValidationFailed.for_field("email", "email is required.")
    if role == SupportRole.SUPER_ADMIN:
        raise ValidationFailed.for_field("role", "There is only one account owner.")
    existing = await session.scalar(select(User).where(User.email == details.email.lower()))
    roles = (SupportRole.CUSTOMER,) if role == SupportRole.CUSTOMER else STAFF_ROLES
    # A Marketplace account's user is registered there: the same answer as a duplicate.
    if existing is not None and existing.account_id is not None:
        raise Conflict(f"{details.email} is already registered.")
    if existing is not None and await session.scalar(
        select(UserInstance.id).where(
            UserInstance.user_id == existing.id, UserInstance.role.in_(roles)
        )
    ):
        raise Conflict(f"{details.email} is already registered.")
    user = await identity.ensure_user(session, details.email)
    instance = await identity.ensure_user_instance(session, user, role)
    instance.source = "api"
    await _apply(session, user, instance, details)
    return user


async def change_person(
    session: AsyncSession,
    actor: Actor,
    user_id: int,
    roles: Sequence[SupportRole],
    details: Person,
) -> User:
    user, instances = await person(session, actor, user_id, roles)
    instance = instances[0]
    require_manager(actor, instance.role, of_user=user.id)
    require_support_managed(user)
    if details.email and details.email.lower() != user.email:
        clash = await session.scalar(select(User.id).where(User.email == details.email.lower()))
        if clash is not None:
            raise Conflict(f"{details.email} is already registered.")
    if details.role is not None and details.role != instance.role and instance.role in STAFF_ROLES:
        require_role_change(actor, instance.role, details.role)
        instance.role = details.role
    await _apply(session, user, instance, details)
    return user


async def toggle_star(session: AsyncSession, actor: Actor, user_id: int) -> bool:
    _, [instance] = await person(session, actor, user_id, (SupportRole.CUSTOMER,))
    instance.is_starred = not instance.is_starred
    await session.flush()
    return instance.is_starred


async def remove_person(
    session: AsyncSession, actor: Actor, user_id: int, roles: Sequence[SupportRole]
) -> None:
    """Remove the role. A customer's tickets go with them, as in UVdesk; the user row stays
    for the threads it wrote."""
    user, instances = await person(session, actor, user_id, roles)
    for instance in instances:
        require_manager(actor, instance.role)
        if instance.role == SupportRole.SUPER_ADMIN:
            raise Conflict("The account owner cannot be removed.")
    require_support_managed(user)
    if roles == (SupportRole.CUSTOMER,):
        await tickets.delete_tickets_of_customer(session, user_id)
    else:
        await tickets.unassign_agent(session, user_id)
    for instance in instances:
        await session.delete(instance)
    await session.flush()


async def _apply(
    session: AsyncSession, user: User, instance: UserInstance, details: Person
) -> None:
    for attribute, value in (
        ("email", details.email.lower() if details.email else None),
        ("first_name", details.first_name),
        ("last_name", details.last_name),
        ("timezone", details.timezone),
    ):
        if value is not None:
            setattr(user, attribute, value)
    if details.password is not None:
        user.password_hash = hash_password(details.password)
    profile: dict[str, object] = {
        "contact_number": details.contact_number,
        "job_title": details.job_title,
        "signature": details.signature,
        "is_active": details.active,
        "ticket_view": details.ticket_view,
    }
    for attribute, given in profile.items():
        if given is not None:
            setattr(instance, attribute, given)
    if instance.role != SupportRole.CUSTOMER:
        await _apply_staff(session, instance, details)
    await session.flush()


async def _apply_staff(session: AsyncSession, instance: UserInstance, details: Person) -> None:
    await session.refresh(instance, ["privileges"])
    if details.privileges is not None:
        instance.privileges = await _existing(
            session, AgentPrivilege, details.privileges, "agentPrivilege"
        )
    if details.groups is not None:
        chosen = await _existing(session, SupportGroup, details.groups, "groups")
        for group in await session.scalars(select(SupportGroup)):
            members = [m for m in group.members if m.id != instance.id]
            group.members = [*members, instance] if group in chosen else members
    if details.teams is not None:
        chosen_teams = await _existing(session, SupportTeam, details.teams, "userSubGroup")
        for team in await session.scalars(select(SupportTeam)):
            members = [m for m in team.members if m.id != instance.id]
            team.members = [*members, instance] if team in chosen_teams else members


async def _existing[M: (AgentPrivilege, SupportGroup, SupportTeam)](
    session: AsyncSession, model: type[M], ids: Sequence[int], field: str
) -> list[M]:
    found = list(await session.scalars(select(model).where(model.id.in_(ids)))) if ids else []
    missing = set(ids) - {item.id for item in found}
    if missing:
        raise ValidationFailed.for_field(
            field, f"Unknown ids: {', '.join(map(str, sorted(missing)))}."
        )
    return found


async def change_own_profile(session: AsyncSession, actor: Actor, details: Person) -> User:
    """``PUT /member/profile``: the caller's own name, contact details and password."""
    if actor.support is None:
        raise PermissionDenied("Only helpdesk users have a profile.")
    user = await session.get(User, actor.user_id)
    instance = await session.get(UserInstance, actor.support.instance_id)
    if user is None or instance is None:
        raise NotFound("The caller no longer exists.")
    identity = (details.email, details.first_name, details.last_name, details.password)
    if any(value is not None for value in identity):
        require_support_managed(user)
    if details.email and details.email.lower() != user.email:
        clash = await session.scalar(select(User.id).where(User.email == details.email.lower()))
        if clash is not None:
            raise Conflict(f"{details.email} is already registered.")
    await _apply(session, user, instance, details)
    return user
