"""One IMAP session on one mailbox folder, with blocking calls (imapclient).

Each connection is used from one thread only: the poller gives every mailbox its own
thread for these calls, so a slow or silent server holds up nobody else. The folder is
opened read-only and messages are fetched with ``BODY.PEEK[]``: the helpdesk never
changes the mailbox (no flags, no deletions), so people may keep reading it in their own
mail client and the account needs no write access.
"""

from __future__ import annotations

import ssl
import threading
import time
from typing import Any

from imapclient import IMAPClient
from imapclient.imapclient import SocketTimeout

from helpdesk.domain.mailboxes.imap_folders import ImapAccount
from helpdesk.domain.mailboxes.models import ImapAuth, ImapSecurity

TICK_SECONDS = 1.0
"""How long a wait runs before it looks whether the poller is stopping."""


class ImapConnection:
    def __init__(self, client: IMAPClient, uid_validity: int) -> None:
        self._client = client
        self.uid_validity = uid_validity
        self.can_idle = client.has_capability("IDLE")

    @classmethod
    def open(cls, account: ImapAccount, secret: str, *, timeout: float) -> ImapConnection:
        """Connect as configured (TLS, STARTTLS or plain), log in (LOGIN or XOAUTH2) and
        open the folder read-only."""
        tls = ssl.create_default_context()
        client = IMAPClient(
            account.host,
            port=account.port,
            ssl=account.security is ImapSecurity.SSL,
            ssl_context=tls,
            timeout=SocketTimeout(connect=timeout, read=timeout),
        )
        try:
            if account.security is ImapSecurity.STARTTLS:
                client.starttls(tls)
            if account.auth is ImapAuth.XOAUTH2:
                client.oauth2_login(account.username, secret)
            else:
                client.login(account.username, secret)
            selected: dict[bytes, Any] = client.select_folder(account.folder, readonly=True)
        except BaseException:
            client.shutdown()
            raise
        return cls(client, int(selected[b"UIDVALIDITY"]))

    def uids_after(self, last_uid: int) -> list[int]:
        """UIDs above ``last_uid``, oldest first."""
        # "N:*" always includes the newest message, even when its UID is below N.
        found: list[int] = self._client.search(["UID", f"{last_uid + 1}:*"])
        return sorted(uid for uid in found if uid > last_uid)

    def sizes(self, uids: list[int]) -> dict[int, int]:
        """Each message's size in bytes (those expunged meanwhile are missing)."""
        response: dict[int, dict[bytes, Any]] = self._client.fetch(uids, ["RFC822.SIZE"])
        return {uid: int(data[b"RFC822.SIZE"]) for uid, data in response.items()}

    def fetch_header(self, uid: int) -> bytes | None:
        """The message's header only (for a message too large to take in)."""
        response: dict[int, dict[bytes, Any]] = self._client.fetch([uid], ["BODY.PEEK[HEADER]"])
        data = response.get(uid)
        return None if data is None else bytes(data[b"BODY[HEADER]"])

    def fetch(self, uid: int) -> bytes | None:
        """The raw message, or None when it was expunged meanwhile."""
        response: dict[int, dict[bytes, Any]] = self._client.fetch([uid], ["BODY.PEEK[]"])
        data = response.get(uid)
        return None if data is None else bytes(data[b"BODY[]"])

    def wait_for_news(self, seconds: float, halt: threading.Event) -> None:
        """Return when the folder may have changed, after ``seconds`` at most, or soon
        after ``halt`` is set. With IDLE the server says when; without, this just waits
        (the caller's next search is the poll)."""
        deadline = time.monotonic() + seconds
        if not self.can_idle:
            halt.wait(seconds)
            self._client.noop()
            return
        self._client.idle()
        try:
            while not halt.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._client.idle_check(min(TICK_SECONDS, remaining)):
                    return
        finally:
            self._client.idle_done()

    def close(self) -> None:
        try:
            self._client.logout()
        except Exception:  # a broken connection is closed all the same
            self._client.shutdown()
