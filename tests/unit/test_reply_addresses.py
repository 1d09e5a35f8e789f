"""Per-ticket reply addresses can be read back, and cannot be forged."""

from __future__ import annotations

from helpdesk.core.keys import Keys
from helpdesk.domain.mailboxes.addresses import parse_reply_address, reply_address

KEYS = Keys(b"test key")


def test_a_reply_address_leads_back_to_its_mailbox_and_ticket() -> None:
    address = reply_address("support.abc@helpdesk.test", 42, KEYS)
    assert address.startswith("support.abc+t42.")
    assert parse_reply_address(address, KEYS) == ("support.abc@helpdesk.test", 42)
    assert parse_reply_address(address.upper(), KEYS) == ("support.abc@helpdesk.test", 42)


def test_another_tickets_number_in_the_address_is_refused() -> None:
    address = reply_address("support.abc@helpdesk.test", 42, KEYS)
    forged = address.replace("+t42.", "+t43.")
    assert parse_reply_address(forged, KEYS) is None


def test_another_key_does_not_accept_the_address() -> None:
    address = reply_address("support.abc@helpdesk.test", 42, KEYS)
    assert parse_reply_address(address, Keys(b"other key")) is None


def test_plain_addresses_are_not_reply_addresses() -> None:
    assert parse_reply_address("support.abc@helpdesk.test", KEYS) is None
    assert parse_reply_address("someone+t42.x@helpdesk.test", KEYS) is None
