"""Local file storage streams to disk, enforces the size limit and records a checksum."""

from __future__ import annotations

import hashlib
import tracemalloc
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from helpdesk.storage.backend import FileTooLarge
from helpdesk.storage.local import LocalFileStorage
from tests.conftest import files_under

pytestmark = pytest.mark.anyio

CHUNK = b"x" * 65536


async def chunks(count: int) -> AsyncIterator[bytes]:
    for _ in range(count):
        yield CHUNK


async def test_a_saved_file_reads_back_with_its_size_and_sha256(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    blob = await storage.save(chunks(3), max_bytes=10 * len(CHUNK))
    data = b"".join([part async for part in storage.open(blob.key)])
    assert data == CHUNK * 3
    assert blob.size == len(data)
    assert blob.sha256 == hashlib.sha256(data).hexdigest()


async def test_an_oversized_stream_is_refused_and_leaves_nothing_behind(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    with pytest.raises(FileTooLarge):
        await storage.save(chunks(100), max_bytes=10 * len(CHUNK))
    assert files_under(tmp_path) == []


async def test_a_large_file_is_written_without_being_held_in_memory(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    tracemalloc.start()
    try:
        blob = await storage.save(chunks(320), max_bytes=64 * 1024 * 1024)  # 20 MiB
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert blob.size == 320 * len(CHUNK)
    assert peak < 4 * 1024 * 1024


async def test_keys_are_generated_never_taken_from_a_client(tmp_path: Path) -> None:
    storage = LocalFileStorage(tmp_path)
    with pytest.raises(ValueError, match="invalid storage key"):
        await storage.delete("../../etc/passwd")
