"""Who may see cases: operations all of them, everyone else their own account's."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false, true

from helpdesk.domain.cases.models import Case
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.kernel.actor import Actor


def visible_cases(actor: Actor) -> ColumnElement[bool]:
    if is_operations(actor):
        return true()
    if actor.account is None:
        return false()
    return Case.account_id == actor.account.id


def sees_operations_fields(actor: Actor) -> bool:
    """``awaiting`` (and other internal bookkeeping) is for operations only."""
    return is_operations(actor)
