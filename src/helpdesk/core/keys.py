"""The application key, and keys derived from it for each purpose.

One master key (``HELPDESK_SECRET_KEY``) protects everything the server must keep secret
or sign: mailbox passwords at rest, per-ticket reply addresses. Each use derives its own
key, so that no two purposes share key material. On the embedded SQLite default a key is
generated once and kept beside the database file, so that `make run` needs no setup; any
other database needs the key given, because several machines must share it.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

from sqlalchemy.engine import make_url

from helpdesk.core.settings import Settings

KEY_FILE = "secret.key"


class MissingSecretKey(RuntimeError):
    pass


class Keys:
    def __init__(self, master: bytes) -> None:
        self._master = master

    def derive(self, purpose: str) -> bytes:
        """32 bytes of key material for one purpose (HMAC-SHA256 of the purpose)."""
        return hmac.new(self._master, purpose.encode(), hashlib.sha256).digest()

    @classmethod
    def from_settings(cls, settings: Settings) -> Keys:
        if settings.secret_key is not None:
            return cls(settings.secret_key.get_secret_value().encode())
        url = make_url(settings.database_url)
        if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
            raise MissingSecretKey(
                "HELPDESK_SECRET_KEY must be set: only the embedded SQLite database keeps a "
                "generated key beside its file."
            )
        return cls(_key_beside(Path(url.database).parent / KEY_FILE))


def _key_beside(path: Path) -> bytes:
    if path.exists():
        return path.read_bytes().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(32).encode()
    # Exclusive create: two workers starting together agree on whichever key won.
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(descriptor, "wb") as out:
        out.write(key)
    return key
