"""Where IMAP intake stands in each mailbox folder, and how that folder is faring.

The poller remembers, per mailbox and folder, the folder's UIDVALIDITY and the highest
UID it has ingested. The UID moves forward in the same transaction as the ingest of that
message, so a crash between fetching and committing fetches the message again (and never
skips it), and a committed message is never fetched again. A changed UIDVALIDITY means
the server renumbered the folder: the cursor starts over, and intake, idempotent by
Message-ID, ignores what it has already seen.

The same row reports the folder's health (last error, failures in a row, next attempt),
so any process can show it (``helpdesk mail imap-status``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import BigInteger, ForeignKey, String, Text, UniqueConstraint, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Mapped, mapped_column

from helpdesk.core.clock import utcnow
from helpdesk.domain.mailboxes.models import ImapAuth, ImapSecurity, Mailbox, ReceiveVia
from helpdesk.domain.shared.models import Base

DEFAULT_FOLDER = "INBOX"
ERROR_LENGTH = 1000


class ImapFolderState(Base):
    __tablename__ = "imap_folder_states"
    __table_args__ = (UniqueConstraint("mailbox_id", "folder"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    mailbox_id: Mapped[int] = mapped_column(ForeignKey("mailboxes.id", ondelete="CASCADE"))
    folder: Mapped[str] = mapped_column(String(255))
    uid_validity: Mapped[int | None] = mapped_column(BigInteger)
    """UIDVALIDITY is an unsigned 32-bit number: too large for a signed integer column."""
    last_uid: Mapped[int] = mapped_column(BigInteger, default=0)
    fetched_count: Mapped[int] = mapped_column(default=0)
    """Messages fetched and ingested, over the folder's life (a restart adds none twice)."""
    connected_at: Mapped[datetime | None]
    failure_count: Mapped[int] = mapped_column(default=0)
    """Failures in a row; back to 0 once the folder has been fetched again."""
    last_error: Mapped[str | None] = mapped_column(Text)
    failed_at: Mapped[datetime | None]
    next_attempt_at: Mapped[datetime | None]


@dataclass(frozen=True, slots=True)
class ImapAccount:
    """How to reach one mailbox's folder: a snapshot of its settings. Two snapshots differ
    exactly when the poller must reconnect (the secret is compared encrypted)."""

    mailbox_id: int
    mailbox_email: str
    host: str
    port: int
    security: ImapSecurity
    username: str
    auth: ImapAuth
    folder: str
    encrypted_secret: str | None = field(repr=False)


async def imap_accounts(session: AsyncSession) -> list[ImapAccount]:
    """Every active mailbox that receives over IMAP and names a server."""
    mailboxes = await session.scalars(
        select(Mailbox)
        .where(Mailbox.is_active, Mailbox.receive_via == ReceiveVia.IMAP)
        .where(Mailbox.imap_host.is_not(None))
        .order_by(Mailbox.id)
    )
    return [_account(mailbox) for mailbox in mailboxes]


def _account(mailbox: Mailbox) -> ImapAccount:
    security = ImapSecurity(mailbox.imap_security or ImapSecurity.SSL)
    default_port = 993 if security is ImapSecurity.SSL else 143
    return ImapAccount(
        mailbox_id=mailbox.id,
        mailbox_email=mailbox.mailbox_email,
        host=str(mailbox.imap_host),
        port=mailbox.imap_port or default_port,
        security=security,
        username=mailbox.imap_username or mailbox.email,
        auth=ImapAuth(mailbox.imap_auth or ImapAuth.PASSWORD),
        folder=mailbox.imap_folder or DEFAULT_FOLDER,
        encrypted_secret=mailbox.imap_secret,
    )


async def _state(
    session: AsyncSession, account: ImapAccount, *, lock: bool = False
) -> ImapFolderState | None:
    query = select(ImapFolderState).where(
        ImapFolderState.mailbox_id == account.mailbox_id,
        ImapFolderState.folder == account.folder,
    )
    if lock:
        query = query.with_for_update()
    found: ImapFolderState | None = await session.scalar(query)
    return found


async def _state_or_new(session: AsyncSession, account: ImapAccount) -> ImapFolderState:
    state = await _state(session, account, lock=True)
    if state is None:
        state = ImapFolderState(mailbox_id=account.mailbox_id, folder=account.folder)
        session.add(state)
    return state


@dataclass(frozen=True, slots=True)
class OpenedFolder:
    last_uid: int
    """The last UID already ingested: 0 when the folder is new to us or was renumbered."""
    was_failing: bool


async def open_folder(
    session: AsyncSession, account: ImapAccount, uid_validity: int
) -> OpenedFolder:
    """Record a successful connection to the folder."""
    state = await _state_or_new(session, account)
    if state.uid_validity != uid_validity:
        state.uid_validity, state.last_uid = uid_validity, 0
    state.connected_at = utcnow()
    await session.flush()
    return OpenedFolder(state.last_uid or 0, bool(state.failure_count))


async def record_recovery(session: AsyncSession, account: ImapAccount) -> None:
    """The folder works again: no failures in a row, no attempt pending."""
    state = await _state_or_new(session, account)
    state.failure_count, state.next_attempt_at = 0, None
    await session.flush()


async def claim_uid(
    session: AsyncSession, account: ImapAccount, uid_validity: int, uid: int
) -> ImapFolderState | None:
    """The folder's state, locked until this transaction ends, when ``uid`` is still to be
    ingested; None when it was (by another process) or the folder changed meanwhile."""
    state = await _state(session, account, lock=True)
    if state is None or state.uid_validity != uid_validity or state.last_uid >= uid:
        return None
    return state


def advance(state: ImapFolderState, uid: int) -> None:
    """Mark ``uid`` ingested: call in the transaction that ingested it."""
    state.last_uid = uid
    state.fetched_count += 1


async def record_failure(
    session: AsyncSession, account: ImapAccount, error: str, *, retry_in: timedelta
) -> None:
    state = await _state_or_new(session, account)
    now = utcnow()
    state.failure_count = (state.failure_count or 0) + 1
    state.last_error = error[:ERROR_LENGTH]
    state.failed_at, state.next_attempt_at = now, now + retry_in
    await session.flush()


@dataclass(frozen=True, slots=True)
class FolderStatus:
    mailbox_id: int
    mailbox_name: str
    folder: str
    state: ImapFolderState | None
    """None: the poller has not reached this folder yet."""

    @property
    def health(self) -> str:
        if self.state is None:
            return "pending"
        return "failing" if self.state.failure_count else "ok"


async def folder_statuses(session: AsyncSession) -> list[FolderStatus]:
    """The IMAP folders the poller is to watch, with what it last recorded of each."""
    folder = func.coalesce(Mailbox.imap_folder, DEFAULT_FOLDER)
    rows = await session.execute(
        select(Mailbox.id, Mailbox.name, folder, ImapFolderState)
        .outerjoin(
            ImapFolderState,
            (ImapFolderState.mailbox_id == Mailbox.id) & (ImapFolderState.folder == folder),
        )
        .where(Mailbox.is_active, Mailbox.receive_via == ReceiveVia.IMAP)
        .order_by(Mailbox.id)
    )
    return [FolderStatus(*row) for row in rows]
