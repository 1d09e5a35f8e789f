"""Queries over identity tables."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from helpdesk.domain.identity.models import (
    Account,
    AccountType,
    AgentPrivilege,
    ApiToken,
    Contact,
    SupportRole,
    User,
    UserInstance,
    user_instance_privileges,
)

_tokens = ApiToken.__table__
_users = User.__table__
_accounts = Account.__table__
_instances = UserInstance.__table__
_privilege_sets = AgentPrivilege.__table__

Credential = Row[*tuple[Any, ...]]
"""One row of ``credential_rows``."""

_CREDENTIAL = (
    select(
        _tokens.c.id.label("token_id"),
        _tokens.c.public_id.label("token_public_id"),
        _tokens.c.revoked_at,
        _tokens.c.expires_at,
        _users.c.id.label("user_id"),
        _users.c.public_id.label("user_public_id"),
        _users.c.email,
        _users.c.first_name,
        _users.c.last_name,
        _users.c.is_active.label("user_is_active"),
        _accounts.c.id.label("account_id"),
        _accounts.c.public_id.label("account_public_id"),
        _accounts.c.type.label("account_type"),
        _accounts.c.name.label("account_name"),
        _accounts.c.status.label("account_status"),
        _instances.c.id.label("instance_id"),
        _instances.c.role.label("instance_role"),
        _instances.c.is_active.label("instance_is_active"),
        _instances.c.ticket_view,
        _privilege_sets.c.privileges,
    )
    .select_from(_tokens)
    .join(_users, _users.c.id == _tokens.c.user_id)
    .outerjoin(_accounts, _accounts.c.id == _tokens.c.account_id)
    .outerjoin(_instances, _instances.c.id == _tokens.c.user_instance_id)
    .outerjoin(
        user_instance_privileges,
        user_instance_privileges.c.user_instance_id == _instances.c.id,
    )
    .outerjoin(
        _privilege_sets, _privilege_sets.c.id == user_instance_privileges.c.agent_privilege_id
    )
)


async def credential_rows(session: AsyncSession, token_hash: str) -> Sequence[Credential]:
    """Everything authentication needs about a token, in one statement: the token, its user,
    account and role instance, one row per privilege set the instance holds (at least one)."""
    result = await session.execute(_CREDENTIAL.where(_tokens.c.token_hash == token_hash))
    return result.all()


async def token_by_hash(session: AsyncSession, token_hash: str) -> ApiToken | None:
    return await session.scalar(
        select(ApiToken)
        .where(ApiToken.token_hash == token_hash)
        .options(selectinload(ApiToken.user))
    )


async def account_by_id(session: AsyncSession, account_id: int) -> Account | None:
    return await session.get(Account, account_id)


async def account_by_name(
    session: AsyncSession, account_type: AccountType, name: str
) -> Account | None:
    return await session.scalar(
        select(Account).where(Account.type == account_type, Account.name == name)
    )


async def user_by_email(session: AsyncSession, email: str) -> User | None:
    return await session.scalar(select(User).where(User.email == email.lower()))


async def instance_with_privileges(session: AsyncSession, instance_id: int) -> UserInstance | None:
    return await session.scalar(
        select(UserInstance)
        .where(UserInstance.id == instance_id)
        .options(selectinload(UserInstance.privileges))
    )


async def instance_for(
    session: AsyncSession, user_id: int, role: SupportRole
) -> UserInstance | None:
    return await session.scalar(
        select(UserInstance).where(UserInstance.user_id == user_id, UserInstance.role == role)
    )


async def contact_for_user(session: AsyncSession, user_id: int) -> Contact | None:
    return await session.scalar(select(Contact).where(Contact.user_id == user_id))


async def contact_by_public_id(session: AsyncSession, public_id: str) -> Contact | None:
    return await session.scalar(select(Contact).where(Contact.public_id == public_id))


async def instances_of_user(session: AsyncSession, user_id: int) -> list[UserInstance]:
    rows = await session.scalars(
        select(UserInstance)
        .where(UserInstance.user_id == user_id)
        .options(selectinload(UserInstance.privileges))
        .order_by(UserInstance.id)
    )
    return list(rows)


async def instances_of_users(
    session: AsyncSession, user_ids: Collection[int]
) -> dict[int, list[UserInstance]]:
    """The role instances of several users, in one query (with their privilege sets)."""
    found: dict[int, list[UserInstance]] = {user_id: [] for user_id in user_ids}
    if not found:
        return found
    rows = await session.scalars(
        select(UserInstance)
        .where(UserInstance.user_id.in_(found))
        .options(selectinload(UserInstance.privileges))
        .order_by(UserInstance.id)
    )
    for instance in rows:
        found[instance.user_id].append(instance)
    return found


async def active_users_in_roles(session: AsyncSession, roles: Sequence[SupportRole]) -> list[User]:
    """Users holding an active instance of any of these roles, by id."""
    rows = await session.scalars(
        select(User)
        .join(UserInstance, UserInstance.user_id == User.id)
        .where(UserInstance.role.in_(roles), UserInstance.is_active.is_(True))
        .distinct()
        .order_by(User.id)
    )
    return list(rows)
