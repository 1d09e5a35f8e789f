"""Contacts: people who can be added to conversations, with or without a login."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import visible_contacts
from helpdesk.domain.identity.models import Contact
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import NotFound
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

CONTACT_FIELDS = Fields(
    {
        "id": Contact.public_id,
        "name": Contact.name,
        "email": Contact.email,
        "audit.created.at": Contact.created_at,
        "audit.updated.at": Contact.updated_at,
    }
)


@dataclass(frozen=True, slots=True)
class NewContact:
    email: str
    name: str


async def create_contact(
    session: AsyncSession, command: NewContact, *, account_id: int | None = None
) -> Contact:
    """A standalone contact, owned by ``account_id`` (None: visible to operations only)."""
    contact = Contact(
        public_id=await allocate_public_id(session, Contact.public_id, "CTT", 2),
        email=command.email.lower(),
        name=command.name,
        account_id=account_id,
    )
    session.add(contact)
    await session.flush()
    return contact


async def create_contact_as(session: AsyncSession, actor: Actor, command: NewContact) -> Contact:
    """A contact created through the API belongs to the caller's account."""
    return await create_contact(
        session, command, account_id=actor.account.id if actor.account else None
    )


async def get_contact(session: AsyncSession, actor: Actor, public_id: str) -> Contact:
    contact = await session.scalar(
        select(Contact).where(Contact.public_id == public_id, visible_contacts(actor))
    )
    if contact is None:
        raise NotFound(f"Contact {public_id} not found.")
    return contact


async def list_contacts(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[Contact]:
    statement = select(Contact).where(visible_contacts(actor))
    return await fetch_page(session, statement, CONTACT_FIELDS, query, primary_key=Contact.id)
