"""Who may see chats and what is in them.

Operations see every chat; anyone else only chats in which their own contact is an
active participant. Private messages reach only users of the sender's account, whoever
reads (operations included): they are the account's internal notes.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, Select, or_, select, true

from helpdesk.domain.chats.models import (
    Chat,
    ChatMessage,
    ChatParticipant,
    ParticipantStatus,
    Visibility,
)
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.identity.models import Contact
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied


def chats_taken_part_in(actor: Actor) -> Select[int]:
    return (
        select(ChatParticipant.chat_id)
        .join(Contact, Contact.id == ChatParticipant.contact_id)
        .where(Contact.user_id == actor.user_id, ChatParticipant.status == ParticipantStatus.ACTIVE)
    )


def visible_chats(actor: Actor) -> ColumnElement[bool]:
    if is_operations(actor):
        return true()
    return Chat.id.in_(chats_taken_part_in(actor))


def readable_messages(actor: Actor) -> ColumnElement[bool]:
    if actor.account is None:
        return ChatMessage.visibility == Visibility.PUBLIC
    return or_(
        ChatMessage.visibility == Visibility.PUBLIC, ChatMessage.account_id == actor.account.id
    )


def require_participant_owner(actor: Actor, participant: ChatParticipant) -> None:
    """A participation is changed by the person taking part, by a user of the account the
    participant belongs to (colleagues manage their account's contacts), or by operations."""
    if is_operations(actor) or participant.contact.user_id == actor.user_id:
        return
    if actor.account is not None and participant.account_id == actor.account.id:
        return
    raise PermissionDenied("Only the participant, their account or operations can change this.")


def require_sender(actor: Actor, message: ChatMessage) -> None:
    if is_operations(actor) or message.sender.contact.user_id == actor.user_id:
        return
    raise PermissionDenied("Only the sender or operations can change a message.")


def require_creator(actor: Actor, chat: Chat) -> None:
    created_by = chat.audit.get("created", {}).get("by", {}).get("id")
    if is_operations(actor) or created_by == actor.user_public_id:
        return
    raise PermissionDenied("Only the creator or operations can remove this chat.")
