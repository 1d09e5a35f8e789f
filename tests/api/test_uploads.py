"""Uploads stream to storage under the size limit; oversized bodies get the dialect's 413."""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI, UploadFile

from helpdesk.api.common.session import DbSession
from helpdesk.api.common.uploads import upload_of
from helpdesk.domain.files import service as files
from tests.conftest import TEST_UPLOAD_LIMIT, files_under

pytestmark = pytest.mark.anyio


@pytest.fixture
def upload_app(app: FastAPI) -> FastAPI:
    """An upload route on each face that stores through the real storage service."""

    async def upload(file: UploadFile, session: DbSession) -> Any:
        stored = await files.store(session, upload_of(file))
        return {"filename": stored.filename, "size": stored.size, "sha256": stored.sha256}

    app.add_api_route("/public/v1/helpdesk/test-upload", upload, methods=["POST"])
    app.add_api_route("/api/test-upload.json", upload, methods=["POST"])
    return app


async def test_an_upload_is_stored_with_its_size_and_checksum(
    upload_app: FastAPI, client: httpx.AsyncClient
) -> None:
    data = b"hello world" * 100
    response = await client.post(
        "/public/v1/helpdesk/test-upload", files={"file": ("../../evil/report.txt", data)}
    )
    assert response.status_code == 200
    assert response.json() == {
        "filename": "report.txt",
        "size": len(data),
        "sha256": hashlib.sha256(data).hexdigest(),
    }


async def test_a_declared_oversized_body_is_refused_before_it_is_read(
    upload_app: FastAPI, client: httpx.AsyncClient
) -> None:
    data = b"x" * (TEST_UPLOAD_LIMIT + 2 * 1024 * 1024)
    response = await client.post("/public/v1/helpdesk/test-upload", files={"file": ("a", data)})
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


async def test_a_streamed_oversized_body_is_cut_off_with_the_uvdesk_413(
    upload_app: FastAPI, client: httpx.AsyncClient
) -> None:
    boundary = "b0undary"
    sent = 0

    async def body() -> AsyncIterator[bytes]:
        # No Content-Length: the limit must be enforced while the body streams in.
        nonlocal sent
        yield (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="big.bin"'
            "\r\nContent-Type: application/octet-stream\r\n\r\n"
        ).encode()
        for _ in range(200):  # 12.5 MiB against a 256 KiB limit
            sent += 1
            yield b"x" * 65536
        yield f"\r\n--{boundary}--\r\n".encode()

    response = await client.post(
        "/api/test-upload.json",
        content=body(),
        headers={"content-type": f"multipart/form-data; boundary={boundary}"},
    )
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"
    assert sent < 200  # the server stopped reading instead of swallowing the whole body


async def test_a_file_over_the_upload_limit_within_the_request_slack_is_refused(
    upload_app: FastAPI, client: httpx.AsyncClient, settings: Any
) -> None:
    data = b"x" * (TEST_UPLOAD_LIMIT + 1)
    response = await client.post("/public/v1/helpdesk/test-upload", files={"file": ("a", data)})
    assert response.status_code == 413
    assert files_under(settings.storage_dir) == []
