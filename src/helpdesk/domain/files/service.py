"""Stored files: bytes in the storage backend, metadata in the database, one lifecycle.

Every area that keeps files (chat attachments and icons, feedback attachments, thread
attachments, later mail) goes through here: ``store`` an upload, ``open_file`` to serve
it, and when its owner goes, ``discard`` (the row and the bytes) or ``purge`` (the bytes
only, for owners that are soft-deleted and still listed). Bytes are removed only once the
transaction that let them go has committed; a rolled-back upload leaves nothing behind.
"""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterable, AsyncIterator, Collection
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.core.clock import utcnow
from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.shared.errors import PayloadTooLarge
from helpdesk.domain.shared.unit_of_work import UnitOfWork, unit_of_work
from helpdesk.storage.backend import FileTooLarge

DEFAULT_CONTENT_TYPE = "application/octet-stream"


@dataclass(frozen=True, slots=True)
class Upload:
    """A file as a client sent it: its bytes as a stream, and what it claims to be."""

    chunks: AsyncIterable[bytes]
    filename: str | None
    content_type: str | None


def clean_filename(filename: str | None) -> str:
    """The last path segment of a client's filename: it is metadata, never a path."""
    name = PureWindowsPath(PurePosixPath(filename or "").name).name.strip()
    name = "".join(ch for ch in name if ch.isprintable())
    return name[:255] or "file"


def guess_content_type(filename: str, declared: str | None) -> str:
    if declared and declared != DEFAULT_CONTENT_TYPE:
        return declared.split(";")[0].strip().lower()
    guessed, _ = mimetypes.guess_type(filename)
    return guessed or DEFAULT_CONTENT_TYPE


async def store(
    session: AsyncSession,
    upload: Upload,
    *,
    uploaded_by_id: int | None = None,
    max_bytes: int | None = None,
) -> StoredFile:
    """Stream an upload into storage (within ``max_bytes``, by default the unit of work's
    upload limit) and record it. The bytes are removed again if the transaction rolls back."""
    work = unit_of_work(session)
    limit = work.limits.upload_max_bytes if max_bytes is None else max_bytes
    try:
        blob = await work.storage.save(upload.chunks, max_bytes=limit)
    except FileTooLarge as exc:
        raise PayloadTooLarge(f"The file is larger than the limit of {exc.limit} bytes.") from exc

    async def remove_blob() -> None:
        await work.storage.delete(blob.key)

    work.on_rollback(remove_blob)
    name = clean_filename(upload.filename)
    stored = StoredFile(
        storage_key=blob.key,
        filename=name,
        content_type=guess_content_type(name, upload.content_type),
        size=blob.size,
        sha256=blob.sha256,
        uploaded_by_id=uploaded_by_id,
    )
    session.add(stored)
    await session.flush()
    return stored


def open_file(session: AsyncSession, stored: StoredFile) -> AsyncIterator[bytes]:
    """The stored bytes, streamed."""
    return unit_of_work(session).storage.open(stored.storage_key)


async def discard(session: AsyncSession, file_ids: Collection[int]) -> None:
    """Forget files whose owners are gone: the rows now, the bytes after commit.

    Call it once the owning rows are deleted (they reference the files)."""
    if not file_ids:
        return
    keys = await _live_keys(session, file_ids)
    await session.execute(
        delete(StoredFile).where(StoredFile.id.in_(file_ids)),
        execution_options={"synchronize_session": False},
    )
    _remove_after_commit(unit_of_work(session), keys)


async def purge(session: AsyncSession, file_ids: Collection[int]) -> None:
    """Remove the bytes of files whose owners are soft-deleted, keeping their metadata
    (a deleted attachment is still listed with its name and size)."""
    if not file_ids:
        return
    keys = await _live_keys(session, file_ids)
    await session.execute(
        update(StoredFile)
        .where(StoredFile.id.in_(file_ids), StoredFile.removed_at.is_(None))
        .values(removed_at=utcnow()),
        execution_options={"synchronize_session": False},
    )
    _remove_after_commit(unit_of_work(session), keys)


async def _live_keys(session: AsyncSession, file_ids: Collection[int]) -> list[str]:
    rows = await session.scalars(
        select(StoredFile.storage_key).where(
            StoredFile.id.in_(file_ids), StoredFile.removed_at.is_(None)
        )
    )
    return list(rows)


def _remove_after_commit(work: UnitOfWork, keys: list[str]) -> None:
    if not keys:
        return

    async def remove_blobs() -> None:
        for key in keys:
            await work.storage.delete(key)

    work.after_commit(remove_blobs)
