"""Who may manage the helpdesk's organisation: admins, and agents holding the privilege."""

from __future__ import annotations

from helpdesk.domain.identity.access import is_support_agent
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied

MANAGE_GROUP = "ROLE_AGENT_MANAGE_GROUP"
MANAGE_SUB_GROUP = "ROLE_AGENT_MANAGE_SUB_GROUP"
MANAGE_TICKET_TYPE = "ROLE_AGENT_MANAGE_TICKET_TYPE"
MANAGE_TAG = "ROLE_AGENT_MANAGE_TAG"
MANAGE_CUSTOM_FIELD = "ROLE_AGENT_MANAGE_CUSTOM_FIELD"


def require_staff(actor: Actor) -> None:
    """Reading the organisation (groups, types, tags...) is for agents and admins."""
    if not is_support_agent(actor):
        raise PermissionDenied("This is available to agents and administrators only.")
