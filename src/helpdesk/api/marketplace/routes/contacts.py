"""Contacts at /public/v1/notifications/contacts: people who can join chats."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, ConfigDict, EmailStr, Field

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.api.marketplace.wire import timestamp
from helpdesk.domain.identity.contacts import (
    NewContact,
    create_contact_as,
    get_contact,
    list_contacts,
)
from helpdesk.domain.identity.models import Contact
from helpdesk.domain.shared.bounds import NAME_MAX

router = APIRouter(prefix="/public/v1/notifications/contacts", tags=["Marketplace: contacts"])


class ContactCreate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str = Field(min_length=1, max_length=NAME_MAX)
    email: EmailStr


def contact_view(contact: Contact) -> dict[str, Any]:
    return {
        "id": contact.public_id,
        "name": contact.name,
        "email": contact.email,
        "audit": {
            "created": {"at": timestamp(contact.created_at)},
            "updated": {"at": timestamp(contact.updated_at)},
        },
    }


@router.get("", responses=ok(schemas.ContactCollection))
async def list_(params: CollectionParams, actor: MarketplaceActor, session: DbSession) -> Any:
    page = await list_contacts(session, actor, params.query)
    return envelope(page, contact_view, params.selection)


@router.post("", status_code=201, responses=created(schemas.Contact))
async def create(body: ContactCreate, actor: MarketplaceActor, session: DbSession) -> Any:
    contact = await create_contact_as(session, actor, NewContact(body.email, body.name))
    return contact_view(contact)


@router.get("/{contact_id}", responses=ok(schemas.Contact))
async def get(contact_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return contact_view(await get_contact(session, actor, contact_id))
