"""Taking part in a chat: joining, muting, reading, leaving; unread counts."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased, joinedload

from helpdesk.domain.chats.access import (
    readable_messages,
    require_may_reactivate,
    require_participant_owner,
)
from helpdesk.domain.chats.models import (
    Chat,
    ChatMessage,
    ChatParticipant,
    ParticipantStatus,
    Visibility,
)
from helpdesk.domain.chats.service import (
    PARTICIPANT_FIELDS,
    InChat,
    add_member,
    get_chat,
    visible_contact,
)
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.identity.models import Contact
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change
from helpdesk.domain.shared.errors import NotFound, PermissionDenied, ValidationFailed
from helpdesk.domain.shared.listing import ListQuery, Page, fetch_page

# The participant's identity (the contact's user) is part of its representation.
WITH_IDENTITY = joinedload(ChatParticipant.contact).joinedload(Contact.user)


@dataclass(frozen=True, slots=True)
class ParticipantChanges:
    muted: bool | None = None
    last_read_message: str | None = None
    status: ParticipantStatus | None = None


async def list_participants(
    session: AsyncSession, actor: Actor, chat_id: str, query: ListQuery
) -> InChat[Page[ChatParticipant]]:
    chat = await get_chat(session, actor, chat_id)
    statement = (
        select(ChatParticipant).where(ChatParticipant.chat_id == chat.id).options(WITH_IDENTITY)
    )
    page = await fetch_page(
        session, statement, PARTICIPANT_FIELDS, query, primary_key=ChatParticipant.id
    )
    return InChat(chat, page)


async def get_participant(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str
) -> InChat[ChatParticipant]:
    chat = await get_chat(session, actor, chat_id)
    return InChat(chat, await _participant_in(session, chat, public_id))


async def _participant_in(session: AsyncSession, chat: Chat, public_id: str) -> ChatParticipant:
    participant = await session.scalar(
        select(ChatParticipant)
        .where(ChatParticipant.chat_id == chat.id, ChatParticipant.public_id == public_id)
        .options(WITH_IDENTITY)
        .execution_options(populate_existing=True)
    )
    if participant is None:
        raise NotFound(f"Participant {public_id} not found.")
    return participant


async def add_participants(
    session: AsyncSession, actor: Actor, chat_id: str, contacts: Sequence[str]
) -> InChat[list[ChatParticipant]]:
    chat = await get_chat(session, actor, chat_id)
    if not contacts:
        raise ValidationFailed.for_field("participants", "Name at least one contact.")
    added = [
        await add_member(session, actor, chat, await visible_contact(session, actor, ref))
        for ref in contacts
    ]
    record_change(chat, actor)
    await session.flush()
    return InChat(chat, [await _participant_in(session, chat, p.public_id) for p in added])


async def change_participant(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str, changes: ParticipantChanges
) -> InChat[ChatParticipant]:
    chat = await get_chat(session, actor, chat_id)
    participant = await _participant_in(session, chat, public_id)
    require_participant_owner(actor, participant)
    if changes.muted is not None:
        participant.muted = changes.muted
    if changes.last_read_message is not None:
        participant.last_read_message_id = await _message_in_chat(
            session, actor, participant.chat_id, changes.last_read_message
        )
    if changes.status is not None:
        if changes.status == ParticipantStatus.DEACTIVATED and not is_operations(actor):
            raise PermissionDenied("Only operations can deactivate a participant.")
        require_may_reactivate(actor, participant)
        participant.status = changes.status
    record_change(participant, actor)
    await session.flush()
    return InChat(chat, await _participant_in(session, chat, public_id))


async def leave(session: AsyncSession, actor: Actor, chat_id: str, public_id: str) -> None:
    """An id that is not a participant of a visible chat is bad input (400), as the platform
    answers; an invisible chat is still 404."""
    chat = await get_chat(session, actor, chat_id)
    try:
        participant = await _participant_in(session, chat, public_id)
    except NotFound:
        raise ValidationFailed.for_field(
            "id", f"{public_id} is not a participant of chat {chat_id}."
        ) from None
    require_participant_owner(actor, participant)
    require_may_reactivate(actor, participant)
    participant.status = ParticipantStatus.EXITED
    record_change(participant, actor)
    await session.flush()


async def unread_counts(
    session: AsyncSession, participants: Sequence[ChatParticipant]
) -> dict[int, int]:
    """Messages after each participant's last read one that they can read and did not write;
    one query for the whole page."""
    if not participants:
        return {}
    reader = aliased(ChatParticipant)
    unread = (
        select(func.count(ChatMessage.id))
        .where(
            ChatMessage.chat_id == reader.chat_id,
            ChatMessage.id > func.coalesce(reader.last_read_message_id, 0),
            ChatMessage.sender_id != reader.id,
            ChatMessage.is_deleted.is_(False),
            or_(
                ChatMessage.visibility == Visibility.PUBLIC,
                and_(reader.account_id.is_not(None), ChatMessage.account_id == reader.account_id),
            ),
        )
        .correlate(reader)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(reader.id, unread).where(reader.id.in_([p.id for p in participants]))
    )
    return {participant_id: int(count) for participant_id, count in rows}


async def _message_in_chat(
    session: AsyncSession, actor: Actor, chat_id: int, public_id: str
) -> int:
    """A message the caller can read; one they cannot is refused exactly like an unknown one,
    so the answer does not reveal that it exists."""
    message_id = await session.scalar(
        select(ChatMessage.id).where(
            ChatMessage.chat_id == chat_id,
            ChatMessage.public_id == public_id,
            readable_messages(actor),
        )
    )
    if message_id is None:
        raise ValidationFailed.for_field("lastReadMessage.id", f"Message {public_id} not found.")
    return message_id


async def participants_of(
    session: AsyncSession, chat_ids: Sequence[int]
) -> dict[int, list[ChatParticipant]]:
    """Active participants of several chats, in one query."""
    found: dict[int, list[ChatParticipant]] = {chat_id: [] for chat_id in chat_ids}
    if not chat_ids:
        return found
    rows = await session.scalars(
        select(ChatParticipant)
        .where(
            ChatParticipant.chat_id.in_(chat_ids),
            ChatParticipant.status == ParticipantStatus.ACTIVE,
        )
        .order_by(ChatParticipant.id)
    )
    for participant in rows:
        found[participant.chat_id].append(participant)
    return found
