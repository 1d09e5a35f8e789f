"""Who may see and change feedback.

Operations see all of it, deleted included. Others see their own account's feedback that
is not deleted. Once reviewed, only operations may change it.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, true

from helpdesk.domain.feedback.models import Feedback, FeedbackStatus
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import Conflict


def visible_feedback(actor: Actor) -> ColumnElement[bool]:
    if is_operations(actor):
        return true()
    if actor.account is None:
        return false()
    return and_(Feedback.account_id == actor.account.id, Feedback.status != FeedbackStatus.DELETED)


def require_changeable(actor: Actor, feedback: Feedback) -> None:
    if is_operations(actor):
        return
    if feedback.status == FeedbackStatus.REVIEWED:
        raise Conflict(f"Feedback {feedback.public_id} was reviewed and can no longer change.")
