"""Who may manage the helpdesk's organisation: admins, and agents holding the privilege.
Labels are private to the agent who made them."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import ColumnElement, false

from helpdesk.domain.identity.access import is_support_agent
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied
from helpdesk.domain.support.models import SupportLabel

MANAGE_GROUP = "ROLE_AGENT_MANAGE_GROUP"
MANAGE_SUB_GROUP = "ROLE_AGENT_MANAGE_SUB_GROUP"
MANAGE_TICKET_TYPE = "ROLE_AGENT_MANAGE_TICKET_TYPE"
MANAGE_TAG = "ROLE_AGENT_MANAGE_TAG"
MANAGE_CUSTOM_FIELD = "ROLE_AGENT_MANAGE_CUSTOM_FIELD"


def require_staff(actor: Actor) -> None:
    """Reading the organisation (groups, types, tags...) is for agents and admins."""
    if not is_support_agent(actor):
        raise PermissionDenied("This is available to agents and administrators only.")


def own_labels(actor: Actor) -> ColumnElement[bool]:
    """The caller's labels: nobody else sees, counts or filters by them, administrators
    included, wherever they are put."""
    if actor.support is None:
        return false()
    return SupportLabel.user_instance_id == actor.support.instance_id


def labels_seen(actor: Actor, labels: Iterable[SupportLabel]) -> list[SupportLabel]:
    """Of the labels on a ticket, the caller's own."""
    own = None if actor.support is None else actor.support.instance_id
    return [label for label in labels if label.user_instance_id == own]
