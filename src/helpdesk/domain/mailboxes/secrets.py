"""Mailbox secrets at rest: IMAP passwords, OAuth 2 access tokens, SMTP URLs.

They are encrypted with Fernet (AES-128-CBC with HMAC-SHA256, from ``cryptography``)
under a key derived for this purpose only from the application key, so a database dump
alone gives none of them away. Whoever connects to a mailbox (the IMAP poller, outbound
mail) decrypts with the same unit of work's keys."""

from __future__ import annotations

import base64

from cryptography.fernet import Fernet, InvalidToken

from helpdesk.core.keys import Keys

PURPOSE = "mailbox secrets"


class UnreadableSecret(ValueError):
    """The stored secret was not encrypted under this application key (key changed?)."""


def _fernet(keys: Keys) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(keys.derive(PURPOSE)))


def encrypt_secret(keys: Keys, plaintext: str) -> str:
    return _fernet(keys).encrypt(plaintext.encode()).decode("ascii")


def decrypt_secret(keys: Keys, stored: str) -> str:
    try:
        return _fernet(keys).decrypt(stored.encode("ascii")).decode()
    except (InvalidToken, UnicodeError) as error:
        raise UnreadableSecret("a mailbox secret cannot be decrypted with this key") from error
