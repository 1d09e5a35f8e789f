"""Role predicates the authorization rules of every area are built from."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from helpdesk.domain.identity.models import AccountType, Contact, SupportRole
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied

ADMIN_ROLES = frozenset({SupportRole.SUPER_ADMIN, SupportRole.ADMIN})


def is_operations(actor: Actor) -> bool:
    return actor.account is not None and actor.account.type is AccountType.OPERATIONS


def is_support_admin(actor: Actor) -> bool:
    return actor.support is not None and actor.support.role in ADMIN_ROLES


def is_support_agent(actor: Actor) -> bool:
    """Agents and admins: anyone on the helpdesk's staff side."""
    return actor.support is not None and actor.support.role is not SupportRole.CUSTOMER


def has_agent_privilege(actor: Actor, privilege: str) -> bool:
    """Admins hold every privilege; agents hold those of their privilege sets."""
    if actor.support is None:
        return False
    if actor.support.role in ADMIN_ROLES:
        return True
    return actor.support.role is SupportRole.AGENT and privilege in actor.support.privileges


def require_privilege(actor: Actor, privilege: str) -> None:
    if not has_agent_privilege(actor, privilege):
        raise PermissionDenied(f"This needs the {privilege} privilege.")


def visible_contacts(actor: Actor) -> ColumnElement[bool]:
    """Operations see every contact; everyone else only their own account's."""
    if is_operations(actor):
        return true()
    if actor.account is None:
        return false()
    return Contact.account_id == actor.account.id


def require_operations(actor: Actor, what: str) -> None:
    """For the few operations only operations may perform at all (403 for others)."""
    if not is_operations(actor):
        raise PermissionDenied(f"Only operations can {what}.")
