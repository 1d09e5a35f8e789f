"""The file storage interface. Local disk today; an S3-compatible backend can implement it."""

from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

CHUNK_SIZE = 64 * 1024


@dataclass(frozen=True, slots=True)
class StoredBlob:
    key: str
    size: int
    sha256: str


@dataclass(frozen=True, slots=True)
class BlobInfo:
    key: str
    size: int
    modified_at: datetime


class FileTooLarge(Exception):
    def __init__(self, limit: int) -> None:
        super().__init__(f"file exceeds {limit} bytes")
        self.limit = limit


class FileStorage(Protocol):
    async def save(self, chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredBlob:
        """Write a stream under a new generated key, never holding it whole in memory.

        Raises ``FileTooLarge`` (leaving nothing behind) once more than ``max_bytes`` arrived.
        """
        ...

    def open(self, key: str, *, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        """Stream a stored file's bytes."""
        ...

    async def delete(self, key: str) -> None:
        """Remove a stored file; missing files are not an error."""
        ...

    def blobs(self) -> AsyncIterator[BlobInfo]:
        """Every stored file's key and last modification time (for garbage collection),
        including the leftovers of writes that never finished (a process killed mid-upload),
        under keys no saved file has."""
        ...
