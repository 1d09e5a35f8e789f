"""What administrators do with mail intake over the API: post a raw message to a
mailbox (the shape of mail providers' inbound webhooks), and list, download, retry or
drop what the quarantine holds. The CLI calls the unchecked services directly."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes import quarantine
from helpdesk.domain.mailboxes.access import require_admin
from helpdesk.domain.mailboxes.intake import Ingested, ingest, retry_quarantined
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.mailboxes.quarantined import QuarantinedMail
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import ListQuery, Page

VIA_HTTP = "http"


async def receive_posted(
    session: AsyncSession, actor: Actor, mailbox_id: int, raw: bytes
) -> Ingested:
    require_admin(actor)
    mailbox = await session.get(Mailbox, mailbox_id)
    if mailbox is None:
        raise NotFound(f"Mailbox {mailbox_id} not found.")
    if not raw.strip():
        raise ValidationFailed.for_field("message", "The body must be an RFC 822 message.")
    return await ingest(
        session,
        raw,
        envelope_recipients=[mailbox.mailbox_email],
        via=VIA_HTTP,
        mailbox_id=mailbox.id,
    )


async def list_quarantined(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Page[QuarantinedMail]:
    require_admin(actor)
    return await quarantine.list_quarantine(session, query)


async def quarantined(session: AsyncSession, actor: Actor, item_id: int) -> QuarantinedMail:
    require_admin(actor)
    return await quarantine.quarantined(session, item_id)


async def retry(session: AsyncSession, actor: Actor, item_id: int) -> Ingested:
    require_admin(actor)
    return await retry_quarantined(session, item_id)


async def drop(session: AsyncSession, actor: Actor, item_id: int) -> None:
    require_admin(actor)
    await quarantine.drop(session, item_id)
