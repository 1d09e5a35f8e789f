"""The company's spam lists: black and white lists of addresses and domains.

An entry is an address (``noreply@example.com``) or a domain (``example.com`` or
``@example.com``, kept as ``@example.com``); it matches a sender with exactly that address
or domain. Intake asks ``is_blocked`` for every sender; the white list beats the black."""

from __future__ import annotations

from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.access import require_admin
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.support.company import company


@dataclass(frozen=True, slots=True)
class SpamLists:
    """Comma-separated entries, or ``None`` for an empty list (as the seed shows them)."""

    black_list: str | None
    white_list: str | None


async def spam_lists(session: AsyncSession, actor: Actor) -> SpamLists:
    require_admin(actor)
    found = await company(session)
    return SpamLists(found.spam_black_list, found.spam_white_list)


async def save_spam_lists(
    session: AsyncSession, actor: Actor, black_list: str | None, white_list: str | None
) -> SpamLists:
    """``None`` leaves a list as it is; an empty string empties it."""
    require_admin(actor)
    found = await company(session)
    if black_list is not None:
        found.spam_black_list = normalised(black_list, "blackList")
    if white_list is not None:
        found.spam_white_list = normalised(white_list, "whiteList")
    await session.flush()
    return SpamLists(found.spam_black_list, found.spam_white_list)


async def is_blocked(session: AsyncSession, sender: str) -> bool:
    """Whether mail from ``sender`` must not make a normal ticket."""
    found = await company(session)
    address = sender.strip().lower()
    if _matches(found.spam_white_list, address):
        return False
    return _matches(found.spam_black_list, address)


def normalised(entries: str, field: str) -> str | None:
    """Lowercase, checked entries without repeats, in the order given."""
    kept: dict[str, None] = {}
    for raw in entries.split(","):
        entry = raw.strip().lower()
        if entry:
            kept[_checked_entry(entry, field)] = None
    return ",".join(kept) or None


def _checked_entry(entry: str, field: str) -> str:
    local, _, domain = entry.rpartition("@")
    probe = entry if local else f"postmaster@{domain}"
    try:
        checked = validate_email(probe, check_deliverability=False)
    except EmailNotValidError:
        message = f"{field}: {entry} is neither an email address nor a domain."
        raise ValidationFailed.for_field(field, message) from None
    return checked.normalized.lower() if local else f"@{checked.ascii_domain.lower()}"


def _matches(entries: str | None, address: str) -> bool:
    if not entries or "@" not in address:
        return False
    listed = set(entries.split(","))
    return address in listed or f"@{address.rpartition('@')[2]}" in listed
