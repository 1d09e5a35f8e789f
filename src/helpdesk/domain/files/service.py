"""Storing uploads: bytes to the storage backend, metadata to the database, in one unit."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.shared.errors import PayloadTooLarge
from helpdesk.domain.shared.transaction_hooks import on_rollback
from helpdesk.storage.backend import FileStorage, FileTooLarge

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


async def store_file(
    session: AsyncSession,
    storage: FileStorage,
    chunks: AsyncIterable[bytes],
    *,
    filename: str | None,
    content_type: str | None,
    max_bytes: int,
    uploaded_by_id: int | None = None,
) -> StoredFile:
    """Stream an upload into storage and record it; the file is removed if the transaction fails."""
    try:
        blob = await storage.save(chunks, max_bytes=max_bytes)
    except FileTooLarge as exc:
        raise PayloadTooLarge(f"The file is larger than the limit of {exc.limit} bytes.") from exc

    async def remove_blob() -> None:
        await storage.delete(blob.key)

    on_rollback(session, remove_blob)
    name = clean_filename(filename)
    stored = StoredFile(
        storage_key=blob.key,
        filename=name,
        content_type=guess_content_type(name, content_type),
        size=blob.size,
        sha256=blob.sha256,
        uploaded_by_id=uploaded_by_id,
    )
    session.add(stored)
    await session.flush()
    return stored


def read_file(storage: FileStorage, stored: StoredFile) -> AsyncIterator[bytes]:
    return storage.open(stored.storage_key)
