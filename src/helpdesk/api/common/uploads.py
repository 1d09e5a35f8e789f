"""Adapters from request bodies to the uploads the files service consumes."""

from __future__ import annotations

from collections.abc import AsyncIterator

from starlette.datastructures import UploadFile

from helpdesk.domain.files.service import Upload
from helpdesk.storage.backend import CHUNK_SIZE


async def upload_chunks(upload: UploadFile) -> AsyncIterator[bytes]:
    while chunk := await upload.read(CHUNK_SIZE):
        yield chunk


def upload_of(part: UploadFile) -> Upload:
    """A multipart file part as an upload: streamed, with the client's name and type."""
    return Upload(upload_chunks(part), part.filename, part.content_type)
