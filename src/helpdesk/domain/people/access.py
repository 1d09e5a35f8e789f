"""Who may manage which UVdesk people.

Customers need ``ROLE_AGENT_MANAGE_CUSTOMER``, agents ``ROLE_AGENT_MANAGE_AGENT`` (admins
hold both). The account owner (``ROLE_SUPER_ADMIN``) and the administrators are managed by
the owner alone; an administrator may still edit its own details, never its own role.
Nobody is made owner through the API and the owner is never removed or demoted; since only
the owner removes or demotes administrators, the last administrator is never removed (and
where a deployment has no owner, nobody removes its administrators through the API).

Users who belong to a Marketplace account are that account's identities: their email,
name and password are what the Marketplace API shows of them, and operations users hold
the whole platform. UVdesk administration sees them where they hold a UVdesk role (they
raise tickets like anyone) but changes, removes or grants a role to none of them.
"""

from __future__ import annotations

from helpdesk.domain.identity.access import ADMIN_ROLES, is_owner, require_privilege
from helpdesk.domain.identity.models import SupportRole, User
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import Conflict, PermissionDenied, ValidationFailed

MANAGE_CUSTOMER = "ROLE_AGENT_MANAGE_CUSTOMER"
MANAGE_AGENT = "ROLE_AGENT_MANAGE_AGENT"


def require_manager(actor: Actor, role: SupportRole, *, of_user: int | None = None) -> None:
    """The right to manage someone holding ``role``; ``of_user`` names whom, when an
    administrator editing itself should pass."""
    if role == SupportRole.CUSTOMER:
        require_privilege(actor, MANAGE_CUSTOMER)
    elif role in ADMIN_ROLES:
        if not is_owner(actor) and not (of_user == actor.user_id and role == SupportRole.ADMIN):
            raise PermissionDenied("Only the account owner manages the owner and administrators.")
    else:
        require_privilege(actor, MANAGE_AGENT)


def require_role_change(actor: Actor, current: SupportRole, wanted: SupportRole) -> None:
    """Roles move between agent and administrator by the owner's hand only; the owner's
    own role never moves (there is one owner, and it is not handed over here)."""
    if wanted == SupportRole.SUPER_ADMIN:
        require_manager(actor, wanted)
        raise ValidationFailed.for_field("role", "There is only one account owner.")
    if current == SupportRole.SUPER_ADMIN:
        require_manager(actor, current)
        raise Conflict("The account owner keeps the owner's role.")
    if current in ADMIN_ROLES or wanted in ADMIN_ROLES:
        require_manager(actor, SupportRole.ADMIN)


def require_support_managed(user: User) -> None:
    """A user of a Marketplace account is managed there, not by UVdesk administration."""
    if user.account_id is not None:
        raise PermissionDenied("This user belongs to a Marketplace account and is managed there.")
