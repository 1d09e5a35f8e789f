"""Per-ticket reply addresses: ``<local>+t<ticket id>.<tag>@<domain>`` of a mailbox.

Outgoing mail for a ticket carries its reply address (Reply-To), so a reply that lost
its threading headers still finds its ticket. The tag is an HMAC of the ticket id under
a key derived for this purpose: nobody can forge the address of a ticket they were not
sent, unlike a bare ticket number."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

from helpdesk.core.keys import Keys

PURPOSE = "reply addresses"
TAG_LENGTH = 10
_SUFFIX = re.compile(r"^(?P<local>.+)\+t(?P<ticket>\d{1,18})\.(?P<tag>[a-z2-7]{10})$")


def _tag(keys: Keys, ticket_id: int) -> str:
    digest = hmac.new(keys.derive(PURPOSE), str(ticket_id).encode(), hashlib.sha256).digest()
    return base64.b32encode(digest).decode().lower()[:TAG_LENGTH]


def reply_address(receiving_address: str, ticket_id: int, keys: Keys) -> str:
    """The address replies about ``ticket_id`` should go to, on a mailbox's own address."""
    local, _, domain = receiving_address.rpartition("@")
    return f"{local}+t{ticket_id}.{_tag(keys, ticket_id)}@{domain}"


def parse_reply_address(address: str, keys: Keys) -> tuple[str, int] | None:
    """``(receiving address, ticket id)`` if ``address`` is a genuine reply address."""
    local, _, domain = address.strip().lower().rpartition("@")
    found = _SUFFIX.match(local)
    if not domain or found is None:
        return None
    ticket_id = int(found["ticket"])
    if not hmac.compare_digest(found["tag"], _tag(keys, ticket_id)):
        return None
    return f"{found['local']}@{domain}", ticket_id
