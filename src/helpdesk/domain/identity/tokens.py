"""Bearer token material: generation and hashing.

Tokens carry 32 random bytes, so a single fast SHA-256 is enough to make a
leaked table useless: there is nothing to brute-force (unlike passwords).
"""

from __future__ import annotations

import hashlib
import secrets

TOKEN_PREFIX = "hdk_"  # noqa: S105  (a marker that makes leaked tokens greppable, not a secret)
TOKEN_BYTES = 32


def generate_token() -> str:
    return TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
