"""The quarantine: messages intake could not take in, kept whole so nothing is lost.

A message that fails to parse or to ingest is stored as it arrived (a stored file), with
the reason, and intake carries on with the next one. An admin lists them, downloads the
raw message, retries one (after a fix) or drops it."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Sequence

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.files.service import Upload, discard, open_file, store
from helpdesk.domain.mailboxes.parsing import header_summary
from helpdesk.domain.mailboxes.quarantined import QuarantinedMail
from helpdesk.domain.shared.errors import NotFound
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

QUARANTINE_FIELDS = Fields(
    {
        "id": QuarantinedMail.id,
        "createdAt": QuarantinedMail.created_at,
        "sender": QuarantinedMail.sender,
        "subject": QuarantinedMail.subject,
        "reason": QuarantinedMail.reason,
        "via": QuarantinedMail.via,
        "mailbox": QuarantinedMail.mailbox_id,
    }
)
_REASON_LENGTH = 2000


async def set_aside(
    session: AsyncSession,
    raw: bytes,
    *,
    reason: str,
    via: str,
    mailbox_id: int | None,
    recipients: Sequence[str],
    message_id: str | None = None,
) -> QuarantinedMail:
    """Keep ``raw`` with why it was refused; the same bytes again update their row."""
    digest = hashlib.sha256(raw).hexdigest()
    reason = reason[:_REASON_LENGTH]
    kept = await session.scalar(select(QuarantinedMail).where(QuarantinedMail.raw_sha256 == digest))
    if kept is not None:
        kept.reason, kept.last_attempt_at = reason, utcnow()
        kept.attempts += 1
        await session.flush()
        return kept
    sender, subject = header_summary(raw)
    stored = await store(
        session,
        Upload(_once(raw), f"message-{digest[:12]}.eml", "message/rfc822"),
        max_bytes=len(raw),
    )
    kept = QuarantinedMail(
        raw_sha256=digest,
        raw_file_id=stored.id,
        mailbox_id=mailbox_id,
        via=via,
        recipients=list(recipients),
        message_id=(message_id or None) and message_id[:998],
        sender=sender and sender[:320],
        subject=subject and subject[:1000],
        reason=reason,
    )
    session.add(kept)
    await session.flush()
    return kept


async def list_quarantine(session: AsyncSession, query: ListQuery) -> Page[QuarantinedMail]:
    return await fetch_page(
        session, select(QuarantinedMail), QUARANTINE_FIELDS, query, primary_key=QuarantinedMail.id
    )


async def quarantined(session: AsyncSession, item_id: int) -> QuarantinedMail:
    found = await session.get(QuarantinedMail, item_id)
    if found is None:
        raise NotFound(f"Quarantined message {item_id} not found.")
    return found


async def raw_message(session: AsyncSession, item: QuarantinedMail) -> bytes:
    return b"".join([chunk async for chunk in open_file(session, item.raw_file)])


async def drop(session: AsyncSession, item_id: int) -> None:
    """Forget a quarantined message: its row now, its bytes after commit."""
    item = await quarantined(session, item_id)
    file_id = item.raw_file_id
    await session.execute(delete(QuarantinedMail).where(QuarantinedMail.id == item.id))
    await discard(session, [file_id])


async def _once(data: bytes) -> AsyncIterator[bytes]:
    yield data
