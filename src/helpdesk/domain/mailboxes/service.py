"""Mailboxes: list, add, edit, delete; each has its own receiving address, and keeps how
it receives (forwarding or IMAP) and how it sends (an SMTP URL or the server default)."""

from __future__ import annotations

import secrets
import string
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import is_support_agent
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.access import require_admin
from helpdesk.domain.mailboxes.connections import (
    DEFAULT_FOLDER,
    IMAP_DEFAULT_PORTS,
    ImapDraft,
    checked_smtp_url,
    choice,
    email_address,
    port_number,
    short_text,
)
from helpdesk.domain.mailboxes.models import ImapAuth, ImapSecurity, Mailbox, ReceiveVia
from helpdesk.domain.mailboxes.secrets import encrypt_secret
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, fetch_items
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.tickets.service import detach_mailbox

ADDRESS_ALPHABET = string.ascii_lowercase + string.digits
ADDRESS_TAG_LENGTH = 20
MAILBOX_FIELDS = Fields({"id": Mailbox.id, "name": Mailbox.name})


@dataclass(frozen=True, slots=True)
class MailboxDraft:
    """What a request says about a mailbox; ``None`` leaves a setting as it is.

    ``smtp_url`` of ``""`` returns the mailbox to the server's default sender."""

    name: str | None = None
    email: str | None = None
    is_active: bool | None = None
    receive_via: str | None = None
    imap: ImapDraft | None = None
    smtp_url: str | None = None


async def list_mailboxes(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Sequence[Mailbox]:
    require_admin(actor)
    return await fetch_items(
        session, select(Mailbox), MAILBOX_FIELDS, query, primary_key=Mailbox.id
    )


async def mailbox_choices(session: AsyncSession, actor: Actor) -> Sequence[Mailbox]:
    """Every mailbox by name, for the ticket filters of the staff (customers get none)."""
    if not is_support_agent(actor):
        return []
    return (await session.scalars(select(Mailbox).order_by(Mailbox.name, Mailbox.id))).all()


async def add_mailbox(session: AsyncSession, actor: Actor, draft: MailboxDraft) -> Mailbox:
    require_admin(actor)
    mailbox = Mailbox(
        name=_name(draft.name),
        email=email_address(draft.email, "email"),
        mailbox_email=await _new_receiving_address(session),
        is_active=True if draft.is_active is None else draft.is_active,
        receive_via=ReceiveVia.FORWARD,
    )
    _configure(session, mailbox, draft)
    session.add(mailbox)
    await session.flush()
    return mailbox


async def edit_mailbox(
    session: AsyncSession, actor: Actor, mailbox_id: int, draft: MailboxDraft
) -> Mailbox:
    require_admin(actor)
    mailbox = await get_mailbox(session, mailbox_id)
    if draft.name is not None:
        mailbox.name = _name(draft.name)
    if draft.email is not None:
        mailbox.email = email_address(draft.email, "email")
    if draft.is_active is not None:
        mailbox.is_active = draft.is_active
    _configure(session, mailbox, draft)
    await session.flush()
    return mailbox


async def delete_mailbox(session: AsyncSession, actor: Actor, mailbox_id: int) -> None:
    """Its tickets stay, from no mailbox; its mail records keep their Message-IDs."""
    require_admin(actor)
    mailbox = await get_mailbox(session, mailbox_id)
    await detach_mailbox(session, mailbox.id)
    await session.delete(mailbox)
    await session.flush()


async def get_mailbox(session: AsyncSession, mailbox_id: int) -> Mailbox:
    mailbox = await session.get(Mailbox, mailbox_id)
    if mailbox is None:
        raise NotFound(f"Mailbox {mailbox_id} not found.")
    return mailbox


def _name(value: str | None) -> str:
    return short_text(value, "name")


async def _new_receiving_address(session: AsyncSession) -> str:
    domain = unit_of_work(session).mail_domain
    while True:  # 36^20 addresses: a clash is practically impossible, but never fatal
        tag = "".join(secrets.choice(ADDRESS_ALPHABET) for _ in range(ADDRESS_TAG_LENGTH))
        address = f"support.{tag}@{domain}"
        taken = await session.scalar(select(Mailbox.id).where(Mailbox.mailbox_email == address))
        if taken is None:
            return address


def _configure(session: AsyncSession, mailbox: Mailbox, draft: MailboxDraft) -> None:
    """Receiving and sending settings; secrets are encrypted before they are kept."""
    receive_via = _receive_via(mailbox, draft)
    if receive_via is ReceiveVia.FORWARD:
        if draft.imap is not None and draft.receive_via is not None:
            raise ValidationFailed.for_field("imap", "imap is only for receiveVia imap.")
        _forget_imap(mailbox)
    else:
        _configure_imap(session, mailbox, draft.imap or ImapDraft())
    mailbox.receive_via = receive_via
    if draft.smtp_url is not None:
        url = draft.smtp_url.strip()
        keys = unit_of_work(session).keys
        mailbox.smtp_url = encrypt_secret(keys, checked_smtp_url(url)) if url else None


def _receive_via(mailbox: Mailbox, draft: MailboxDraft) -> ReceiveVia:
    if draft.receive_via is None:
        # An imap object alone says how the mailbox receives.
        return ReceiveVia.IMAP if draft.imap is not None else ReceiveVia(mailbox.receive_via)
    try:
        return ReceiveVia(draft.receive_via.strip().lower())
    except ValueError:
        raise ValidationFailed.for_field(
            "receiveVia", "receiveVia must be forward or imap."
        ) from None


def _forget_imap(mailbox: Mailbox) -> None:
    mailbox.imap_host = mailbox.imap_port = mailbox.imap_security = None
    mailbox.imap_username = mailbox.imap_auth = mailbox.imap_secret = mailbox.imap_folder = None


def _configure_imap(session: AsyncSession, mailbox: Mailbox, draft: ImapDraft) -> None:
    """Fields not sent keep their value; a new mailbox needs host, username and a secret."""
    host = draft.host if draft.host is not None else mailbox.imap_host
    mailbox.imap_host = short_text(host, "imap.host")
    username = draft.username if draft.username is not None else mailbox.imap_username
    mailbox.imap_username = short_text(username, "imap.username")
    # Columns are plain strings: read back as the enums they hold.
    security = ImapSecurity(mailbox.imap_security or ImapSecurity.SSL)
    if draft.security is not None:
        security = choice(ImapSecurity, draft.security, "imap.security")
    mailbox.imap_security = security
    port = port_number(draft.port, "imap.port") if draft.port is not None else None
    mailbox.imap_port = port or mailbox.imap_port or IMAP_DEFAULT_PORTS[security]
    if draft.folder is not None or mailbox.imap_folder is None:
        folder = draft.folder if draft.folder and draft.folder.strip() else DEFAULT_FOLDER
        mailbox.imap_folder = short_text(folder, "imap.folder")
    _configure_imap_secret(session, mailbox, draft)


def _configure_imap_secret(session: AsyncSession, mailbox: Mailbox, draft: ImapDraft) -> None:
    stored = ImapAuth(mailbox.imap_auth) if mailbox.imap_auth else None
    auth = stored or ImapAuth.PASSWORD
    if draft.auth is not None:
        auth = choice(ImapAuth, draft.auth, "imap.auth")
    field = "imap.password" if auth is ImapAuth.PASSWORD else "imap.accessToken"
    given = draft.password if auth is ImapAuth.PASSWORD else draft.access_token
    if given:
        mailbox.imap_secret = encrypt_secret(unit_of_work(session).keys, given)
    elif auth is not stored or mailbox.imap_secret is None:
        # A password is no token: a changed method needs its own secret.
        raise ValidationFailed.for_field(field, f"{field} is required.")
    mailbox.imap_auth = auth
