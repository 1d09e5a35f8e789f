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


def is_owner(actor: Actor) -> bool:
    return actor.support is not None and actor.support.role == SupportRole.SUPER_ADMIN


def require_may_act(actor: Actor) -> None:
    """UVdesk's ``actAs*`` is for administrators."""
    if not is_support_admin(actor):
        raise PermissionDenied("Only administrators can act as another user.")


def require_may_act_as(actor: Actor, role: SupportRole, user_id: int) -> None:
    """``actAs*`` reaches no further than the caller: administrators act as customers, agents
    and themselves; only the account owner acts as the owner or another administrator (else
    acting would lift the owner-only management of administrators)."""
    require_may_act(actor)
    outranks = is_owner(actor) or user_id == actor.user_id
    if role in ADMIN_ROLES and not outranks:
        raise PermissionDenied("Only the account owner acts as the owner or an administrator.")


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
