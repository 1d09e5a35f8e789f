"""Adapters from request bodies to the chunk streams the storage service consumes."""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.datastructures import UploadFile

from helpdesk.storage.backend import CHUNK_SIZE


async def upload_chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK_SIZE):
        yield chunk
