"""The company's spam lists as intake applies them.

Interim: issue-12-config owns these lists (``spam.py::is_blocked``); until that lands
intake reads the comma-separated columns directly with the same rule: an entry is an
address or a domain (``example.com`` or ``@example.com``), and the white list wins."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.support.company import company


async def is_blocked(session: AsyncSession, sender: str) -> bool:
    found = await company(session)
    black, white = _entries(found.spam_black_list), _entries(found.spam_white_list)
    return _listed(sender, black) and not _listed(sender, white)


def _entries(text: str | None) -> set[str]:
    return {
        item.strip().lower().lstrip("@") for item in (text or "").replace("\n", ",").split(",")
    } - {""}


def _listed(sender: str, entries: set[str]) -> bool:
    address = sender.strip().lower()
    return address in entries or address.rpartition("@")[2] in entries
