"""Attachments and links shared in a chat."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.chats.access import readable_items, require_adder
from helpdesk.domain.chats.messages import message_id_in_chat
from helpdesk.domain.chats.models import Chat, ChatAttachment, ChatLink
from helpdesk.domain.chats.service import InChat, get_chat
from helpdesk.domain.files import service as files
from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.files.service import Upload
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

ATTACHMENT_FIELDS = Fields(
    {
        "id": ChatAttachment.public_id,
        "name": ChatAttachment.name,
        "description": ChatAttachment.description,
        "isDeleted": ChatAttachment.is_deleted,
        "filename": select(StoredFile.filename)
        .where(StoredFile.id == ChatAttachment.file_id)
        .scalar_subquery(),
        "contentType": select(StoredFile.content_type)
        .where(StoredFile.id == ChatAttachment.file_id)
        .scalar_subquery(),
        "size": select(StoredFile.size)
        .where(StoredFile.id == ChatAttachment.file_id)
        .scalar_subquery(),
        "audit.created.at": ChatAttachment.created_at,
    }
)
LINK_FIELDS = Fields(
    {
        "id": ChatLink.public_id,
        "uri": ChatLink.uri,
        "name": ChatLink.name,
        "objectId": ChatLink.object_id,
        "isDeleted": ChatLink.is_deleted,
        "audit.created.at": ChatLink.created_at,
    }
)


@dataclass(frozen=True, slots=True)
class AttachmentDraft:
    name: str | None = None
    description: str | None = None
    message: str | None = None


@dataclass(frozen=True, slots=True)
class LinkDraft:
    uri: str
    name: str | None = None
    message: str | None = None
    object_id: str | None = None
    icon: str | None = None


async def attach(
    session: AsyncSession,
    actor: Actor,
    chat_id: str,
    draft: AttachmentDraft,
    upload: Upload,
) -> InChat[ChatAttachment]:
    chat = await get_chat(session, actor, chat_id)
    message_id = await message_id_in_chat(session, actor, chat, draft.message)
    stored = await files.store(session, upload, uploaded_by_id=actor.user_id)
    attachment = ChatAttachment(
        public_id=await allocate_public_id(session, ChatAttachment.public_id, "ATT", 4),
        chat_id=chat.id,
        message_id=message_id,
        file_id=stored.id,
        name=draft.name or stored.filename,
        description=draft.description,
        is_deleted=False,
    )
    record_created(attachment, actor)
    session.add(attachment)
    await session.flush()
    await session.refresh(attachment, ["file", "message"])
    return InChat(chat, attachment)


async def list_attachments(
    session: AsyncSession, actor: Actor, chat_id: str, query: ListQuery
) -> InChat[Page[ChatAttachment]]:
    chat = await get_chat(session, actor, chat_id)
    statement = select(ChatAttachment).where(
        ChatAttachment.chat_id == chat.id, readable_items(actor, ChatAttachment.message_id)
    )
    page = await fetch_page(
        session, statement, ATTACHMENT_FIELDS, query, primary_key=ChatAttachment.id
    )
    return InChat(chat, page)


async def get_attachment(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str
) -> InChat[ChatAttachment]:
    chat = await get_chat(session, actor, chat_id)
    return InChat(chat, await _attachment_in(session, actor, chat, public_id))


async def _attachment_in(
    session: AsyncSession, actor: Actor, chat: Chat, public_id: str
) -> ChatAttachment:
    attachment = await session.scalar(
        select(ChatAttachment).where(
            ChatAttachment.chat_id == chat.id,
            ChatAttachment.public_id == public_id,
            readable_items(actor, ChatAttachment.message_id),
        )
    )
    if attachment is None:
        raise NotFound(f"Attachment {public_id} not found.")
    return attachment


async def downloadable_attachment(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str
) -> ChatAttachment:
    attachment = (await get_attachment(session, actor, chat_id, public_id)).item
    if attachment.is_deleted:
        raise NotFound(f"Attachment {public_id} was deleted.")
    return attachment


async def change_attachment(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str, values: dict[str, Any]
) -> InChat[ChatAttachment]:
    found = await get_attachment(session, actor, chat_id, public_id)
    attachment = found.item
    require_adder(actor, attachment)
    if "name" in values:
        if not values["name"]:
            raise ValidationFailed.for_field("name", "An attachment needs a name.")
        attachment.name = values["name"]
    if "description" in values:
        attachment.description = values["description"]
    record_change(attachment, actor)
    await session.flush()
    return found


async def delete_attachment(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str
) -> None:
    attachment = (await get_attachment(session, actor, chat_id, public_id)).item
    require_adder(actor, attachment)
    attachment.is_deleted = True
    record_change(attachment, actor)
    await session.flush()
    await files.purge(session, [attachment.file_id])


async def add_link(
    session: AsyncSession, actor: Actor, chat_id: str, draft: LinkDraft
) -> InChat[ChatLink]:
    chat = await get_chat(session, actor, chat_id)
    link = ChatLink(
        public_id=await allocate_public_id(session, ChatLink.public_id, "LNK", 3),
        chat_id=chat.id,
        message_id=await message_id_in_chat(session, actor, chat, draft.message),
        uri=draft.uri,
        name=draft.name,
        object_id=draft.object_id,
        icon=draft.icon,
        is_deleted=False,
    )
    record_created(link, actor)
    session.add(link)
    await session.flush()
    await session.refresh(link, ["message"])
    return InChat(chat, link)


async def list_links(
    session: AsyncSession, actor: Actor, chat_id: str, query: ListQuery
) -> InChat[Page[ChatLink]]:
    chat = await get_chat(session, actor, chat_id)
    statement = select(ChatLink).where(
        ChatLink.chat_id == chat.id, readable_items(actor, ChatLink.message_id)
    )
    page = await fetch_page(session, statement, LINK_FIELDS, query, primary_key=ChatLink.id)
    return InChat(chat, page)


async def get_link(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str
) -> InChat[ChatLink]:
    chat = await get_chat(session, actor, chat_id)
    return InChat(chat, await _link_in(session, actor, chat, public_id))


async def _link_in(session: AsyncSession, actor: Actor, chat: Chat, public_id: str) -> ChatLink:
    link = await session.scalar(
        select(ChatLink).where(
            ChatLink.chat_id == chat.id,
            ChatLink.public_id == public_id,
            readable_items(actor, ChatLink.message_id),
        )
    )
    if link is None:
        raise NotFound(f"Link {public_id} not found.")
    return link


async def change_link(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str, values: dict[str, Any]
) -> InChat[ChatLink]:
    found = await get_link(session, actor, chat_id, public_id)
    link = found.item
    require_adder(actor, link)
    for name in ("uri", "name", "object_id", "icon"):
        if name in values:
            setattr(link, name, values[name])
    if not link.uri:
        raise ValidationFailed.for_field("uri", "A link needs a URI.")
    record_change(link, actor)
    await session.flush()
    return found


async def delete_link(session: AsyncSession, actor: Actor, chat_id: str, public_id: str) -> None:
    link = (await get_link(session, actor, chat_id, public_id)).item
    require_adder(actor, link)
    link.is_deleted = True
    record_change(link, actor)
    await session.flush()
