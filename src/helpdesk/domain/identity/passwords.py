"""Password hashing with the standard library's scrypt (memory-hard, salted)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

from helpdesk.domain.shared.errors import ValidationFailed

_N, _R, _P = 2**14, 8, 1
MIN_LENGTH = 8


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P)
    return "scrypt$" + base64.b64encode(salt).decode() + "$" + base64.b64encode(digest).decode()


def verify_password(password: str, stored: str | None) -> bool:
    if not stored or not stored.startswith("scrypt$"):
        return False
    _, salt, digest = stored.split("$")
    candidate = hashlib.scrypt(password.encode(), salt=base64.b64decode(salt), n=_N, r=_R, p=_P)
    return hmac.compare_digest(candidate, base64.b64decode(digest))


def chosen_password(first: str | None, second: str | None) -> str | None:
    """UVdesk sends ``password[first]`` and ``password[second]``; both empty = unchanged."""
    if not first and not second:
        return None
    if first != second:
        raise ValidationFailed.for_field("password", "The two passwords do not match.")
    if len(first or "") < MIN_LENGTH:
        raise ValidationFailed.for_field(
            "password", f"A password needs at least {MIN_LENGTH} characters."
        )
    return first
