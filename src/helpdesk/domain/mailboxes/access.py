"""Who may handle mail intake: administrators only."""

from __future__ import annotations

from helpdesk.domain.identity.access import is_support_admin
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied


def require_mail_admin(actor: Actor) -> None:
    """Posting raw mail and handling the quarantine are an administrator's."""
    if not is_support_admin(actor):
        raise PermissionDenied("Only administrators handle mail intake.")
