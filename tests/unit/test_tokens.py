"""Bearer token material."""

from __future__ import annotations

import base64
import hashlib

from helpdesk.domain.identity.tokens import TOKEN_PREFIX, generate_token, hash_token


def test_a_token_carries_at_least_32_random_bytes() -> None:
    token = generate_token()
    secret = token.removeprefix(TOKEN_PREFIX)
    assert len(base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))) >= 32


def test_tokens_are_never_repeated() -> None:
    assert len({generate_token() for _ in range(1000)}) == 1000


def test_only_the_sha256_of_a_token_is_kept() -> None:
    token = generate_token()
    assert hash_token(token) == hashlib.sha256(token.encode()).hexdigest()
    assert token not in hash_token(token)
