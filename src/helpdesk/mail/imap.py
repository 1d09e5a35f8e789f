"""The IMAP poller: every mailbox that receives over IMAP, watched concurrently.

``ImapPoller(runtime).run(stop)`` keeps one watcher per mailbox folder. A watcher
connects, ingests whatever arrived since the last UID it remembers (one unit of work per
message, the UID advanced in the same transaction), then waits for news: IDLE where the
server offers it, a poll every ``poll_seconds`` otherwise. A failing mailbox is retried
with exponential backoff and its failure recorded where ``helpdesk mail imap-status``
shows it; it holds up no other mailbox, because each watcher has its own task and its
own thread for the blocking IMAP calls. The mailbox list is read again every
``refresh_seconds``: added, changed or removed mailboxes are picked up without a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import random
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta

from helpdesk.core.database import Session
from helpdesk.core.settings import Settings
from helpdesk.domain.mailboxes import imap_folders, quarantine
from helpdesk.domain.mailboxes.imap_folders import ImapAccount
from helpdesk.domain.mailboxes.intake import ingest
from helpdesk.domain.mailboxes.secrets import decrypt_secret
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.mail.imap_connection import ImapConnection

log = logging.getLogger(__name__)

VIA = "imap"
IDLE_RENEW_SECONDS = 9 * 60
"""Servers may drop an IDLE after 30 minutes (RFC 2177): re-issue it well before."""


@dataclass(frozen=True, slots=True)
class PollerTiming:
    poll_seconds: float = 60.0
    """How often a server without IDLE is asked for new mail."""
    refresh_seconds: float = 10.0
    """How often the list of IMAP mailboxes is read again."""
    timeout_seconds: float = 30.0
    """Connect and read timeout of every IMAP call."""
    first_backoff_seconds: float = 5.0
    longest_backoff_seconds: float = 15 * 60.0

    @classmethod
    def from_settings(cls, settings: Settings) -> PollerTiming:
        return cls(
            poll_seconds=settings.imap_poll_seconds,
            timeout_seconds=settings.imap_timeout_seconds,
        )

    def backoff(self, failures: int) -> float:
        """Seconds before the next attempt after ``failures`` failures in a row, doubling
        up to the longest; jittered so that mailboxes of one failing server spread out."""
        delay = min(
            self.first_backoff_seconds * 2.0 ** min(failures - 1, 30), self.longest_backoff_seconds
        )
        spread: float = random.uniform(0.8, 1.0)  # noqa: S311  (spreading, not secrecy)
        return delay * spread


class ImapPoller:
    def __init__(self, runtime: Runtime, timing: PollerTiming | None = None) -> None:
        self._runtime = runtime
        self._timing = timing or PollerTiming.from_settings(runtime.settings)
        self._watchers: dict[int, FolderWatcher] = {}
        self._retiring: set[asyncio.Task[None]] = set()

    async def run(self, stop: asyncio.Event) -> None:
        """Watch every IMAP mailbox until ``stop`` is set."""
        try:
            while not stop.is_set():
                await self._refresh()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self._timing.refresh_seconds)
        finally:
            for watcher in self._watchers.values():
                self._retire(watcher)
            self._watchers.clear()
            await asyncio.gather(*self._retiring)

    async def _refresh(self) -> None:
        try:
            async with self._runtime.unit_of_work(may_write=False) as unit:
                accounts = await imap_folders.imap_accounts(unit.session)
        except Exception:
            log.exception("cannot read the IMAP mailboxes; keeping the current watchers")
            return
        wanted = {account.mailbox_id: account for account in accounts}
        for mailbox_id, watcher in list(self._watchers.items()):
            if wanted.get(mailbox_id) != watcher.account:
                del self._watchers[mailbox_id]
                self._retire(watcher)
        for mailbox_id, account in wanted.items():
            if mailbox_id not in self._watchers:
                watcher = FolderWatcher.start(self._runtime, account, self._timing)
                self._watchers[mailbox_id] = watcher

    def _retire(self, watcher: FolderWatcher) -> None:
        """Halt ``watcher`` in the background: one stuck in a slow call must not hold up
        the others' refresh. Its successor may start at once (the cursor's row lock keeps
        the two from ingesting one message twice)."""
        halting = asyncio.create_task(watcher.halt())
        self._retiring.add(halting)
        halting.add_done_callback(self._retiring.discard)


class FolderWatcher:
    """Fetches one mailbox folder into the helpdesk, for as long as it is not halted."""

    def __init__(self, runtime: Runtime, account: ImapAccount, timing: PollerTiming) -> None:
        self.account = account
        self._runtime = runtime
        self._timing = timing
        self._halting = threading.Event()
        self._halted = asyncio.Event()
        self._thread = ThreadPoolExecutor(1, thread_name_prefix=f"imap-{account.mailbox_id}")
        self._task: asyncio.Task[None] | None = None
        self._failures = 0

    @classmethod
    def start(cls, runtime: Runtime, account: ImapAccount, timing: PollerTiming) -> FolderWatcher:
        watcher = cls(runtime, account, timing)
        watcher._task = asyncio.create_task(watcher._run(), name=f"imap-{account.mailbox_id}")
        return watcher

    async def halt(self) -> None:
        """Stop after the message in hand (if any) and close the connection."""
        self._halting.set()
        self._halted.set()
        if self._task is not None:
            await self._task
        self._thread.shutdown(wait=False)

    async def _run(self) -> None:
        while not self._halting.is_set():
            try:
                await self._session()
            except Exception as error:  # any failure is reported, then retried
                await self._failed(error)

    async def _failed(self, error: Exception) -> None:
        if self._halting.is_set():
            # Retired (its mailbox was edited or removed): the failure belongs to settings
            # that no longer apply, and must not overwrite what its successor records.
            return
        self._failures += 1
        delay = self._timing.backoff(self._failures)
        reason = f"{type(error).__name__}: {error}"
        log.warning(
            "IMAP mailbox %s failed (%d in a row), retrying in %.0f s: %s",
            self.account.mailbox_id, self._failures, delay, reason,
        )  # fmt: skip
        try:
            async with self._runtime.unit_of_work() as unit:
                await imap_folders.record_failure(
                    unit.session, self.account, reason, retry_in=timedelta(seconds=delay)
                )
        except Exception:
            log.exception("cannot record the failure of IMAP mailbox %s", self.account.mailbox_id)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._halted.wait(), delay)

    async def _session(self) -> None:
        connection = await self._blocking(self._connect)
        try:
            async with self._runtime.unit_of_work() as unit:
                opened = await imap_folders.open_folder(
                    unit.session, self.account, connection.uid_validity
                )
            last_uid = await self._fetch_new(connection, opened.last_uid)
            if opened.was_failing or self._failures:
                await self._recovered()
            while not self._halting.is_set():
                wait = IDLE_RENEW_SECONDS if connection.can_idle else self._timing.poll_seconds
                await self._blocking(connection.wait_for_news, wait, self._halting)
                last_uid = await self._fetch_new(connection, last_uid)
        finally:
            await self._blocking(connection.close)

    async def _recovered(self) -> None:
        """Clear the failure report once the folder has been fetched again (not merely
        connected to: a mailbox that connects but cannot ingest keeps backing off)."""
        async with self._runtime.unit_of_work() as unit:
            await imap_folders.record_recovery(unit.session, self.account)
        self._failures = 0

    def _connect(self) -> ImapConnection:
        stored = self.account.encrypted_secret
        secret = decrypt_secret(self._runtime.keys, stored) if stored else ""
        return ImapConnection.open(self.account, secret, timeout=self._timing.timeout_seconds)

    async def _fetch_new(self, connection: ImapConnection, last_uid: int) -> int:
        uids = await self._blocking(connection.uids_after, last_uid)
        sizes = await self._blocking(connection.sizes, uids) if uids else {}
        limit = self._runtime.settings.mail_max_message_bytes
        for uid in uids:
            if self._halting.is_set():
                break
            size = sizes.get(uid, 0)
            if size > limit:
                header = await self._blocking(connection.fetch_header, uid)
                await self._ingest(connection.uid_validity, uid, header, oversized=size)
            else:
                raw = await self._blocking(connection.fetch, uid)
                await self._ingest(connection.uid_validity, uid, raw)
            last_uid = uid
        return last_uid

    async def _ingest(
        self, uid_validity: int, uid: int, raw: bytes | None, *, oversized: int = 0
    ) -> None:
        """Ingest one message and move the folder's cursor past it, in one transaction.
        A message over the size limit is not taken in: its header goes to the quarantine
        with the reason, and the message stays on the server."""
        async with self._runtime.unit_of_work() as unit:
            state = await imap_folders.claim_uid(unit.session, self.account, uid_validity, uid)
            if state is None:
                return
            if raw is not None and oversized:
                await self._set_aside_oversized(unit.session, uid, raw, oversized)
            elif raw is not None:
                await ingest(
                    unit.session,
                    raw,
                    envelope_recipients=(self.account.mailbox_email,),
                    via=VIA,
                    mailbox_id=self.account.mailbox_id,
                )
            imap_folders.advance(state, uid)

    async def _set_aside_oversized(
        self, session: Session, uid: int, header: bytes, size: int
    ) -> None:
        limit = self._runtime.settings.mail_max_message_bytes
        await quarantine.set_aside(
            session,
            header,
            reason=(
                f"The message is {size} bytes, over the limit of {limit} "
                f"(HELPDESK_MAIL_MAX_MESSAGE_BYTES): only its header is kept here; the "
                f"whole message stays in IMAP folder {self.account.folder!r}, UID {uid}."
            ),
            via=VIA,
            mailbox_id=self.account.mailbox_id,
            recipients=(self.account.mailbox_email,),
        )

    async def _blocking[*Args, T](self, call: Callable[[*Args], T], *args: *Args) -> T:
        """Run a blocking IMAP call on this watcher's own thread."""
        return await asyncio.get_running_loop().run_in_executor(self._thread, call, *args)


async def poll_imap(runtime: Runtime, stop: asyncio.Event) -> None:
    """The poller as a long-lived service of ``helpdesk worker``: returns once ``stop`` is set."""
    await ImapPoller(runtime).run(stop)
