"""Chats: opening them, membership, posting, and reading them back for a caller."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.chats.access import (
    require_creator,
    require_may_reactivate,
    visible_chat,
    visible_chats,
)
from helpdesk.domain.chats.models import (
    Chat,
    ChatAttachment,
    ChatMessage,
    ChatParticipant,
    ChatType,
    ParticipantStatus,
    Visibility,
)
from helpdesk.domain.files import service as files
from helpdesk.domain.files.service import Upload
from helpdesk.domain.identity.access import is_operations, require_operations, visible_contacts
from helpdesk.domain.identity.models import Contact
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Collection, Fields, ListQuery, Page, fetch_page

PARTICIPANT_FIELDS = Fields(
    {
        "id": ChatParticipant.public_id,
        "status": ChatParticipant.status,
        "muted": ChatParticipant.muted,
        "contact.id": select(Contact.public_id)
        .where(Contact.id == ChatParticipant.contact_id)
        .scalar_subquery(),
        "contact.email": select(Contact.email)
        .where(Contact.id == ChatParticipant.contact_id)
        .scalar_subquery(),
        "contact.name": select(Contact.name)
        .where(Contact.id == ChatParticipant.contact_id)
        .scalar_subquery(),
        "audit.created.at": ChatParticipant.created_at,
    }
)

CHAT_FIELDS = Fields(
    {
        "id": Chat.public_id,
        "type": Chat.type,
        "name": Chat.name,
        "description": Chat.description,
        "revision": Chat.revision,
        "audit.created.at": Chat.created_at,
        "audit.updated.at": Chat.updated_at,
        "participants": Collection(
            ChatParticipant, ChatParticipant.chat_id == Chat.id, PARTICIPANT_FIELDS
        ),
    }
)


@dataclass(frozen=True, slots=True)
class ChatDraft:
    type: ChatType
    name: str | None = None
    description: str | None = None
    participants: Sequence[str] = ()
    opening_message: str | None = None


@dataclass(frozen=True, slots=True)
class ChatChanges:
    name: str | None = None
    description: str | None = None
    sent: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class InChat[T]:
    """Something found in a chat, with the chat: its representation names the chat, so the
    caller needs no second trip for it."""

    chat: Chat
    item: T


async def get_chat(session: AsyncSession, actor: Actor, public_id: str) -> Chat:
    chat = await session.scalar(
        select(Chat).where(Chat.public_id == public_id, visible_chat(actor))
    )
    if chat is None:
        raise NotFound(f"Chat {public_id} not found.")
    return chat


async def list_chats(
    session: AsyncSession, actor: Actor, query: ListQuery, *, only: ChatType | None = None
) -> Page[Chat]:
    """Every chat is for operations; a type-scoped list (channels) for anyone who sees them."""
    if only is None:
        require_operations(actor, "list all chats")
    statement = select(Chat).where(visible_chats(actor))
    if only is not None:
        statement = statement.where(Chat.type == only)
    return await fetch_page(session, statement, CHAT_FIELDS, query, primary_key=Chat.id)


async def create_chat(session: AsyncSession, actor: Actor, draft: ChatDraft) -> Chat:
    """A chat opened through the API: the caller takes part, with the contacts named."""
    _check_shape(draft)
    contacts = [await visible_contact(session, actor, ref) for ref in draft.participants]
    own = (await actor_contact(session, actor)).id
    if draft.type == ChatType.DIRECT and len({c.id for c in contacts} - {own}) != 1:
        raise ValidationFailed.for_field(
            "participants", "A direct chat is between the caller and exactly one other contact."
        )
    chat = await open_chat(
        session,
        actor,
        type=draft.type,
        name=draft.name,
        description=draft.description,
        participants=contacts,
        opening_message=draft.opening_message,
    )
    return await get_chat(session, actor, chat.public_id)


async def open_chat(
    session: AsyncSession,
    actor: Actor,
    *,
    type: ChatType,
    name: str | None,
    participants: Sequence[Contact],
    opening_message: str | None = None,
    description: str | None = None,
) -> Chat:
    """Open a chat with the caller and ``participants`` in it, and the first message posted."""
    chat = Chat(
        public_id=await allocate_public_id(session, Chat.public_id, "CHT", 3),
        type=type,
        name=name,
        description=description,
    )
    record_created(chat, actor)
    session.add(chat)
    await session.flush()
    sender = await add_member(session, actor, chat, await actor_contact(session, actor))
    for contact in participants:
        await add_member(session, actor, chat, contact)
    if opening_message:
        await post_message(
            session, actor, chat, sender, content=opening_message, visibility=Visibility.PUBLIC
        )
    return chat


async def change_chat(
    session: AsyncSession, actor: Actor, public_id: str, changes: ChatChanges
) -> Chat:
    chat = await get_chat(session, actor, public_id)
    if "name" in changes.sent:
        _check_name(chat.type, changes.name)
        chat.name = changes.name
    if "description" in changes.sent:
        chat.description = changes.description
    record_change(chat, actor)
    await session.flush()
    return await get_chat(session, actor, public_id)


async def set_icon(session: AsyncSession, actor: Actor, chat: Chat, upload: Upload) -> None:
    """Store ``upload`` as the chat's icon; the icon it replaces is discarded."""
    icon = await files.store(session, upload, uploaded_by_id=actor.user_id)
    replaced = chat.icon_file_id
    chat.icon_file_id = icon.id
    record_change(chat, actor)
    await session.flush()
    if replaced is not None:
        await files.discard(session, [replaced])
    await session.refresh(chat, ["icon_file"])


async def add_member(
    session: AsyncSession, actor: Actor, chat: Chat, contact: Contact
) -> ChatParticipant:
    """Make ``contact`` an active participant (again); an existing one is reused."""
    existing = await session.scalar(
        select(ChatParticipant).where(
            ChatParticipant.chat_id == chat.id, ChatParticipant.contact_id == contact.id
        )
    )
    if existing is not None:
        require_may_reactivate(actor, existing)
        if existing.status != ParticipantStatus.ACTIVE:
            existing.status = ParticipantStatus.ACTIVE
            record_change(existing, actor)
        return existing
    participant = ChatParticipant(
        public_id=await allocate_public_id(session, ChatParticipant.public_id, "CHP", 3),
        chat_id=chat.id,
        contact_id=contact.id,
        account_id=contact.account_id,
        status=ParticipantStatus.ACTIVE,
        muted=False,
    )
    record_created(participant, actor)
    session.add(participant)
    await session.flush()
    await session.refresh(participant, ["contact", "account"])
    return participant


async def post_message(
    session: AsyncSession,
    actor: Actor,
    chat: Chat,
    sender: ChatParticipant,
    *,
    content: str,
    visibility: Visibility,
) -> ChatMessage:
    message = ChatMessage(
        public_id=await allocate_public_id(session, ChatMessage.public_id, "MSG", 3),
        chat_id=chat.id,
        sender_id=sender.id,
        account_id=actor.account.id if actor.account else None,
        content=content,
        visibility=visibility,
        is_deleted=False,
    )
    record_created(message, actor)
    session.add(message)
    await session.flush()
    # The sender has read what they wrote; the others' unread counts now include it.
    sender.last_read_message_id = message.id
    if visibility == Visibility.PUBLIC:
        chat.last_message_id = message.id
        record_change(chat, actor)
    await session.flush()
    await session.refresh(message, ["sender"])
    return message


async def sender_for(session: AsyncSession, actor: Actor, chat: Chat) -> ChatParticipant:
    """The caller's participation; operations join a chat when they first write in it."""
    contact = await actor_contact(session, actor)
    participant = await session.scalar(
        select(ChatParticipant).where(
            ChatParticipant.chat_id == chat.id,
            ChatParticipant.contact_id == contact.id,
            ChatParticipant.status == ParticipantStatus.ACTIVE,
        )
    )
    if participant is not None:
        return participant
    if not is_operations(actor):
        raise NotFound(f"Chat {chat.public_id} not found.")
    return await add_member(session, actor, chat, contact)


async def actor_contact(session: AsyncSession, actor: Actor) -> Contact:
    contact = await session.scalar(select(Contact).where(Contact.user_id == actor.user_id))
    if contact is None:
        raise NotFound("The caller has no contact to take part in chats with.")
    return contact


async def visible_contact(session: AsyncSession, actor: Actor, public_id: str) -> Contact:
    contact = await session.scalar(
        select(Contact).where(Contact.public_id == public_id, visible_contacts(actor))
    )
    if contact is None:
        raise ValidationFailed.for_field("contact.id", f"Contact {public_id} not found.")
    return contact


def _check_shape(draft: ChatDraft) -> None:
    if draft.type == ChatType.CASE:
        raise ValidationFailed.for_field("type", "Case chats are opened by filing a case.")
    _check_name(draft.type, draft.name)


def _check_name(chat_type: ChatType, name: str | None) -> None:
    if chat_type == ChatType.CHANNEL and not name:
        raise ValidationFailed.for_field("name", "A channel needs a name.")
    if chat_type == ChatType.DIRECT and name:
        raise ValidationFailed.for_field("name", "A direct chat has no name.")


async def get_channel(session: AsyncSession, actor: Actor, public_id: str) -> Chat:
    chat = await get_chat(session, actor, public_id)
    if chat.type != ChatType.CHANNEL:
        raise NotFound(f"Channel {public_id} not found.")
    return chat


async def delete_channel(session: AsyncSession, actor: Actor, public_id: str) -> None:
    """A channel is removed, with everything in it, by its creator or by operations."""
    channel = await get_channel(session, actor, public_id)
    require_creator(actor, channel)
    owned = await _files_of_chat(session, channel)
    await session.delete(channel)
    await session.flush()
    await files.discard(session, owned)


async def _files_of_chat(session: AsyncSession, chat: Chat) -> list[int]:
    attached = await session.scalars(
        select(ChatAttachment.file_id).where(ChatAttachment.chat_id == chat.id)
    )
    icon = [chat.icon_file_id] if chat.icon_file_id is not None else []
    return [*attached, *icon]
