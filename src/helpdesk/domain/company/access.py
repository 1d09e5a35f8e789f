"""Company settings are the administrators' (the seed lists no agent privilege for them);
theme files are shown to everyone the help centre serves."""

from __future__ import annotations

from helpdesk.domain.identity.access import is_support_admin
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import AuthenticationRequired, PermissionDenied


def require_admin(actor: Actor) -> None:
    if not is_support_admin(actor):
        raise PermissionDenied("Company settings are available to administrators only.")


def require_support_user(actor: Actor) -> None:
    """Any UVdesk identity: admins, agents and customers (the help centre's visitors)."""
    if actor.support is None:
        raise AuthenticationRequired("The token does not act as a UVdesk user.")
