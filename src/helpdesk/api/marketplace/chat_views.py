"""Chats and their contents on the wire: request bodies and representations."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from helpdesk.api.marketplace.wire import ObjectRef, audit, reference
from helpdesk.domain.chats.models import (
    Chat,
    ChatAttachment,
    ChatLink,
    ChatMessage,
    ChatParticipant,
    ChatType,
    ParticipantStatus,
    Visibility,
)
from helpdesk.domain.chats.service import ChatChanges, ChatDraft
from helpdesk.domain.shared.bounds import LONG_DESCRIPTION_MAX, MESSAGE_MAX, NAME_MAX

CHAT_ROUTE = "/public/v1/helpdesk/chats"


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class ContactRef(_Body):
    contact: ObjectRef


class MessageBody(_Body):
    content: str = Field(max_length=MESSAGE_MAX)
    visibility: Visibility = Visibility.PUBLIC


class ChatCreate(_Body):
    type: ChatType = ChatType.GROUP
    name: str | None = Field(default=None, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)
    participants: list[ContactRef] = Field(default_factory=list)
    lastMessage: MessageBody | None = None  # noqa: N815

    def draft(self) -> ChatDraft:
        return ChatDraft(
            type=self.type,
            name=self.name,
            description=self.description,
            participants=[item.contact.id for item in self.participants],
            opening_message=self.lastMessage.content if self.lastMessage else None,
        )


class ChatUpdate(_Body):
    name: str | None = Field(default=None, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)

    def changes(self) -> ChatChanges:
        return ChatChanges(self.name, self.description, frozenset(self.model_fields_set))


class ChannelCreate(_Body):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)


class ParticipantUpdate(_Body):
    muted: bool | None = None
    lastReadMessage: ObjectRef | None = None  # noqa: N815
    status: ParticipantStatus | None = None


class MessageUpdate(_Body):
    content: str | None = Field(default=None, max_length=MESSAGE_MAX)
    visibility: Visibility | None = None


class AttachmentBody(_Body):
    name: str | None = Field(default=None, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)
    message: ObjectRef | None = None


class LinkCreate(_Body):
    uri: str = Field(min_length=1, max_length=2000)
    name: str | None = Field(default=None, max_length=NAME_MAX)
    objectId: str | None = Field(default=None, max_length=64)  # noqa: N815
    icon: str | None = Field(default=None, max_length=1000)
    message: ObjectRef | None = None


class LinkUpdate(_Body):
    uri: str | None = Field(default=None, min_length=1, max_length=2000)
    name: str | None = Field(default=None, max_length=NAME_MAX)
    objectId: str | None = Field(default=None, max_length=64)  # noqa: N815
    icon: str | None = Field(default=None, max_length=1000)

    def values(self) -> dict[str, Any]:
        names = {"uri": "uri", "name": "name", "objectId": "object_id", "icon": "icon"}
        return {names[key]: value for key, value in self.model_dump(exclude_unset=True).items()}


def chat_ref(chat: Chat) -> dict[str, Any]:
    return {"id": chat.public_id, "name": chat.name, "type": chat.type}


def message_ref(message: ChatMessage | None) -> dict[str, Any] | None:
    return None if message is None else {"id": message.public_id}


def participant_ref(participant: ChatParticipant) -> dict[str, Any]:
    contact = participant.contact
    return {
        "id": participant.public_id,
        "contact": {"id": contact.public_id, "name": contact.name, "email": contact.email},
    }


def last_message_view(chat: Chat) -> dict[str, Any] | None:
    message = chat.last_message
    if message is None:
        return None
    return {
        "id": message.public_id,
        "content": message.content,
        "visibility": message.visibility,
        "isDeleted": message.is_deleted,
        "sender": participant_ref(message.sender),
        "audit": audit(message.audit),
    }


def chat_view(chat: Chat, participants: list[ChatParticipant] | None = None) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": chat.public_id,
        "revision": chat.revision,
        "type": chat.type,
        "name": chat.name,
        "description": chat.description,
        "icon": f"{CHAT_ROUTE}/{chat.public_id}/icon" if chat.icon_file_id else None,
        "lastMessage": last_message_view(chat),
        "audit": audit(chat.audit),
    }
    if participants is not None:
        view["participants"] = [participant_ref(p) for p in participants]
    return view


def participant_view(participant: ChatParticipant, chat: Chat, unread: int) -> dict[str, Any]:
    contact = participant.contact
    identity = None
    if contact.user is not None:
        identity = {
            "id": contact.user.public_id,
            "name": contact.user.full_name,
            "icon": None,
            "type": "User",
        }
    return {
        "id": participant.public_id,
        "chat": chat_ref(chat),
        "status": participant.status,
        "contact": {"id": contact.public_id, "name": contact.name, "email": contact.email},
        "identity": identity,
        "account": reference(participant.account.public_id, participant.account.name)
        if participant.account
        else None,
        "lastReadMessage": {"id": participant.last_read_message_public_id}
        if participant.last_read_message_public_id
        else None,
        "unread": unread,
        "muted": participant.muted,
        "audit": audit(participant.audit),
    }


def message_view(message: ChatMessage, chat: Chat) -> dict[str, Any]:
    return {
        "id": message.public_id,
        "chat": chat_ref(chat),
        "sender": participant_ref(message.sender),
        "content": message.content,
        "visibility": message.visibility,
        "isDeleted": message.is_deleted,
        "audit": audit(message.audit),
    }


def attachment_view(attachment: ChatAttachment, chat: Chat) -> dict[str, Any]:
    return {
        "id": attachment.public_id,
        "chat": chat_ref(chat),
        "message": message_ref(attachment.message),
        "name": attachment.name,
        "description": attachment.description,
        "filename": attachment.file.filename,
        "contentType": attachment.file.content_type,
        "size": attachment.file.size,
        "isDeleted": attachment.is_deleted,
        "audit": audit(attachment.audit),
    }


def link_view(link: ChatLink, chat: Chat) -> dict[str, Any]:
    return {
        "id": link.public_id,
        "chat": chat_ref(chat),
        "message": message_ref(link.message),
        "uri": link.uri,
        "objectId": link.object_id,
        "name": link.name,
        "icon": link.icon,
        "isDeleted": link.is_deleted,
        "audit": audit(link.audit),
    }
