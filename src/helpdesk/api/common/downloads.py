"""One URL, two answers: metadata as JSON, or the file itself, chosen by ``Accept``."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import StreamingResponse

from helpdesk.core.database import Session
from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.files.service import open_file


def wants_file(request: Request) -> bool:
    """No ``Accept`` or one that names JSON means metadata; anything else means the bytes."""
    accept = request.headers.get("accept", "").strip()
    return bool(accept) and "application/json" not in accept.lower()


def file_response(session: Session, stored: StoredFile) -> StreamingResponse:
    disposition = f"attachment; filename*=UTF-8''{quote(stored.filename)}"
    return StreamingResponse(
        open_file(session, stored),
        media_type=stored.content_type,
        headers={"Content-Disposition": disposition, "Content-Length": str(stored.size)},
    )
