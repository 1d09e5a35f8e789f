"""Queries over identity tables."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from helpdesk.domain.identity.models import (
    Account,
    AccountType,
    ApiToken,
    Contact,
    SupportRole,
    User,
    UserInstance,
)


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
