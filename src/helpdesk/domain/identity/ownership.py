"""Visibility of account-owned configuration (parameters, groups, forms).

Operations see and change everything. Other accounts see their own objects plus those
operations own (the deployment's shared configuration), and change only their own.
These rules read the accounts table, so they live with identity, below every area that
owns configuration.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.identity.models import Account, AccountType
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound, PermissionDenied
from helpdesk.domain.shared.listing import Fields


def operations_accounts() -> Any:
    return select(Account.id).where(Account.type == AccountType.OPERATIONS)


def visible_owned(actor: Actor, account_column: Any) -> ColumnElement[bool]:
    if is_operations(actor):
        return true()
    if actor.account is None:
        return false()
    return or_(account_column == actor.account.id, account_column.in_(operations_accounts()))


def require_owner(actor: Actor, account_id: int, what: str) -> None:
    if is_operations(actor):
        return
    if actor.account is None or actor.account.id != account_id:
        raise PermissionDenied(f"Only the account that owns this {what} can change it.")


async def owning_account_id(
    session: AsyncSession, actor: Actor, requested_account: str | None
) -> int:
    """The caller's own account; operations may act on behalf of another account."""
    if actor.account is None:
        raise PermissionDenied("The caller acts inside no account.")
    if requested_account is None or requested_account == actor.account.public_id:
        return actor.account.id
    if not is_operations(actor):
        raise PermissionDenied("Only operations can act on behalf of another account.")
    account_id = await session.scalar(
        select(Account.id).where(Account.public_id == requested_account)
    )
    if account_id is None:
        raise NotFound(f"Account {requested_account} not found.")
    return account_id


def account_paths(account_column: Any) -> Fields:
    """``account.id`` and ``account.name`` of an owned row, for filtering and ordering."""
    return Fields(
        {
            "account.id": select(Account.public_id)
            .where(Account.id == account_column)
            .scalar_subquery(),
            "account.name": select(Account.name)
            .where(Account.id == account_column)
            .scalar_subquery(),
        }
    )
