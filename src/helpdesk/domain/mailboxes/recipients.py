"""Which addresses our mail intake accepts mail for.

An active mailbox's receiving address (``mailboxEmail``), its public address (for a
mail exchanger pointed straight at us instead of a forward), and the signed per-ticket
reply addresses of either. Anything else is refused while the sender is still
connected, so we never accept mail we would then have to bounce (backscatter)."""

from __future__ import annotations

from sqlalchemy import func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.keys import Keys
from helpdesk.domain.mailboxes.addresses import parse_reply_address
from helpdesk.domain.mailboxes.models import Mailbox


async def accepts_recipient(session: AsyncSession, address: str, keys: Keys) -> bool:
    wanted = address.strip().lower()
    reply = parse_reply_address(wanted, keys)
    if reply is not None:
        wanted = reply[0]
    found = await session.scalar(
        select(Mailbox.id)
        .where(
            Mailbox.is_active.is_(True),
            or_(func.lower(Mailbox.mailbox_email) == wanted, func.lower(Mailbox.email) == wanted),
        )
        .limit(1)
    )
    return found is not None
