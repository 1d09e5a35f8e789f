"""Who may see and change queues.

Operations see every queue. Clients and vendors see their own account's queues and the
queues operations offer to everyone (those not marked ``internal``). Only the owning
account (or operations) may change a queue; seeing one is not owning it.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.identity.models import Account, AccountType
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.queues.models import Queue
from helpdesk.domain.shared.errors import PermissionDenied


def visible_queues(actor: Actor) -> ColumnElement[bool]:
    if is_operations(actor):
        return true()
    if actor.account is None:
        return false()
    offered_by_operations = Queue.account_id.in_(
        select(Account.id).where(Account.type == AccountType.OPERATIONS)
    )
    return or_(
        Queue.account_id == actor.account.id,
        and_(offered_by_operations, Queue.internal.is_(False)),
    )


def require_queue_owner(actor: Actor, queue: Queue) -> None:
    if is_operations(actor):
        return
    if actor.account is None or queue.account_id != actor.account.id:
        raise PermissionDenied("Only the account that owns this queue can change it.")
