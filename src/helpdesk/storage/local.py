"""Local filesystem storage: generated names under one directory, fanned out by prefix."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import AsyncIterable, AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import anyio

from helpdesk.storage.backend import CHUNK_SIZE, BlobInfo, FileTooLarge, StoredBlob

PARTIAL = ".partial"


class LocalFileStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        # Keys are ours (hex, or hex.partial from ``blobs``), never a client's filename: no
        # path can escape the root.
        if not _is_key(key):
            raise ValueError("invalid storage key")
        return self.root / key[:2] / key[2:4] / key

    async def save(self, chunks: AsyncIterable[bytes], *, max_bytes: int) -> StoredBlob:
        key = secrets.token_hex(16)
        final = self._path(key)
        partial = final.with_name(key + PARTIAL)
        await anyio.Path(final.parent).mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        size = 0
        try:
            async with await anyio.open_file(partial, "wb") as out:
                async for chunk in chunks:
                    size += len(chunk)
                    _within_limit(size, max_bytes)
                    digest.update(chunk)
                    await out.write(chunk)
            await anyio.Path(partial).rename(final)
        except BaseException:
            await anyio.Path(partial).unlink(missing_ok=True)
            raise
        return StoredBlob(key=key, size=size, sha256=digest.hexdigest())

    async def open(self, key: str, *, chunk_size: int = CHUNK_SIZE) -> AsyncIterator[bytes]:
        async with await anyio.open_file(self._path(key), "rb") as source:
            while chunk := await source.read(chunk_size):
                yield chunk

    async def delete(self, key: str) -> None:
        await anyio.Path(self._path(key)).unlink(missing_ok=True)

    async def blobs(self) -> AsyncIterator[BlobInfo]:
        # Finished files, and the ".partial" of a write that never finished: one still
        # streaming (recent, kept by the caller's grace period) or one whose process died
        # mid-write, which nothing else would ever remove. No row can hold a partial's key.
        async for path in anyio.Path(self.root).glob("*/*/*"):
            if not _is_key(path.name):
                continue
            stat = await path.stat()
            yield BlobInfo(path.name, stat.st_size, datetime.fromtimestamp(stat.st_mtime, UTC))


def _is_key(name: str) -> bool:
    """A generated key, or the name its bytes have while being written."""
    stem = name.removesuffix(PARTIAL)
    return len(stem) == 32 and all(c in "0123456789abcdef" for c in stem)


def _within_limit(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise FileTooLarge(max_bytes)
