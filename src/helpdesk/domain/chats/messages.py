"""Messages in a chat: posting, reading (oldest first), editing, soft deletion."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.chats.access import readable_messages, require_sender
from helpdesk.domain.chats.models import (
    Chat,
    ChatAttachment,
    ChatMessage,
    ChatParticipant,
    Visibility,
)
from helpdesk.domain.chats.service import InChat, get_chat, post_message, sender_for
from helpdesk.domain.files import service as files
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, OrderTerm, Page, fetch_page

MESSAGE_FIELDS = Fields(
    {
        "id": ChatMessage.public_id,
        "content": ChatMessage.content,
        "visibility": ChatMessage.visibility,
        "isDeleted": ChatMessage.is_deleted,
        "sender.id": select(ChatParticipant.public_id)
        .where(ChatParticipant.id == ChatMessage.sender_id)
        .scalar_subquery(),
        "audit.created.at": ChatMessage.created_at,
        "audit.updated.at": ChatMessage.updated_at,
    }
)
OLDEST_FIRST = (OrderTerm("audit.created.at"),)


@dataclass(frozen=True, slots=True)
class MessageChanges:
    content: str | None = None
    visibility: Visibility | None = None


async def list_messages(
    session: AsyncSession, actor: Actor, chat: Chat, query: ListQuery
) -> Page[ChatMessage]:
    if not query.order:
        query = ListQuery(query.filter, OLDEST_FIRST, query.limit, query.offset)
    statement = select(ChatMessage).where(ChatMessage.chat_id == chat.id, readable_messages(actor))
    return await fetch_page(session, statement, MESSAGE_FIELDS, query, primary_key=ChatMessage.id)


async def list_chat_messages(
    session: AsyncSession, actor: Actor, chat_id: str, query: ListQuery
) -> InChat[Page[ChatMessage]]:
    chat = await get_chat(session, actor, chat_id)
    return InChat(chat, await list_messages(session, actor, chat, query))


async def get_message(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str
) -> InChat[ChatMessage]:
    chat = await get_chat(session, actor, chat_id)
    return InChat(chat, await _readable(session, actor, chat, public_id))


async def write_message(
    session: AsyncSession, actor: Actor, chat_id: str, content: str, visibility: Visibility
) -> InChat[ChatMessage]:
    if not content.strip():
        raise ValidationFailed.for_field("content", "A message needs content.")
    chat = await get_chat(session, actor, chat_id)
    sender = await sender_for(session, actor, chat)
    message = await post_message(
        session, actor, chat, sender, content=content, visibility=visibility
    )
    return InChat(chat, message)


async def edit_message(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str, changes: MessageChanges
) -> InChat[ChatMessage]:
    chat = await get_chat(session, actor, chat_id)
    message = await _readable(session, actor, chat, public_id)
    require_sender(actor, message)
    if message.is_deleted:
        raise ValidationFailed.for_field("content", "A deleted message cannot be edited.")
    if changes.content is not None:
        if not changes.content.strip():
            raise ValidationFailed.for_field("content", "A message needs content.")
        message.content = changes.content
    if changes.visibility is not None and changes.visibility != message.visibility:
        message.visibility = changes.visibility
        await _refresh_last_message(session, chat)
    record_change(message, actor)
    await session.flush()
    return InChat(chat, message)


async def delete_message(session: AsyncSession, actor: Actor, chat_id: str, public_id: str) -> None:
    """Soft delete: the message stays in the list, flagged, with its content gone."""
    chat = await get_chat(session, actor, chat_id)
    message = await _readable(session, actor, chat, public_id)
    require_sender(actor, message)
    message.is_deleted = True
    message.content = ""
    record_change(message, actor)
    await _delete_attachments_of(session, actor, message)
    await session.flush()


async def _delete_attachments_of(session: AsyncSession, actor: Actor, message: ChatMessage) -> None:
    """A deleted message takes its files with it: flagged like the message, bytes removed."""
    attachments = list(
        await session.scalars(
            select(ChatAttachment).where(
                ChatAttachment.message_id == message.id, ChatAttachment.is_deleted.is_(False)
            )
        )
    )
    for attachment in attachments:
        attachment.is_deleted = True
        record_change(attachment, actor)
    await files.purge(session, [attachment.file_id for attachment in attachments])


async def message_id_in_chat(
    session: AsyncSession, actor: Actor, chat: Chat, public_id: str | None
) -> int | None:
    """The id of a message the caller can read in ``chat`` (for attachments and links)."""
    if public_id is None:
        return None
    return (await _readable(session, actor, chat, public_id)).id


async def _readable(session: AsyncSession, actor: Actor, chat: Chat, public_id: str) -> ChatMessage:
    message = await session.scalar(
        select(ChatMessage).where(
            ChatMessage.chat_id == chat.id,
            ChatMessage.public_id == public_id,
            readable_messages(actor),
        )
    )
    if message is None:
        raise NotFound(f"Message {public_id} not found.")
    return message


async def _refresh_last_message(session: AsyncSession, chat: Chat) -> None:
    await session.flush()
    chat.last_message_id = await session.scalar(
        select(ChatMessage.id)
        .where(ChatMessage.chat_id == chat.id, ChatMessage.visibility == Visibility.PUBLIC)
        .order_by(ChatMessage.id.desc())
        .limit(1)
    )
