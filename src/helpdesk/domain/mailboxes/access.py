"""Who may configure mail: mailboxes and spam lists are for administrators, email
templates for agents holding the privilege, saved replies for every agent."""

from __future__ import annotations

from sqlalchemy import ColumnElement, or_, true

from helpdesk.domain.identity.access import is_support_admin, is_support_agent, require_privilege
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.models import SavedReply
from helpdesk.domain.shared.errors import PermissionDenied

MANAGE_EMAIL_TEMPLATE = "ROLE_AGENT_MANAGE_EMAIL_TEMPLATE"


def require_admin(actor: Actor) -> None:
    """The seed: mailboxes (and the company's spam settings) require Admin Privilege."""
    if not is_support_admin(actor):
        raise PermissionDenied("This is available to administrators only.")


def require_template_manager(actor: Actor) -> None:
    require_privilege(actor, MANAGE_EMAIL_TEMPLATE)


def require_agent(actor: Actor) -> None:
    if not is_support_agent(actor):
        raise PermissionDenied("This is available to agents and administrators only.")


def visible_saved_replies(actor: Actor) -> ColumnElement[bool]:
    """Admins see every saved reply; an agent the shared ones and their own."""
    if is_support_admin(actor):
        return true()
    owner = actor.support.instance_id if actor.support is not None else None
    return or_(SavedReply.owner_id.is_(None), SavedReply.owner_id == owner)


def require_saved_reply_owner(actor: Actor, reply: SavedReply) -> None:
    """Shared replies are changed by administrators; an agent changes only their own."""
    if is_support_admin(actor):
        return
    if actor.support is None or reply.owner_id != actor.support.instance_id:
        raise PermissionDenied("Only administrators change shared saved replies.")
