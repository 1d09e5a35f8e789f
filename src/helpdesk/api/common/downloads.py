"""One URL, two answers: metadata as JSON, or the file itself, chosen by ``Accept``.

Every download of both dialects leaves through ``file_response``: always an attachment,
under a sandboxing Content-Security-Policy, and never with a type a browser would render
as a page or run (a client-declared HTML or SVG file is served as octets).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import Request
from fastapi.responses import StreamingResponse

from helpdesk.core.database import Session
from helpdesk.domain.files.models import StoredFile
from helpdesk.domain.files.service import open_file

# Types a browser renders as a document that can run script, whatever the disposition says.
ACTIVE_CONTENT_TYPES = frozenset(
    {
        "text/html",
        "application/xhtml+xml",
        "image/svg+xml",
        "text/xml",
        "application/xml",
        "text/xsl",
        "text/javascript",
        "application/javascript",
        "application/ecmascript",
        "text/ecmascript",
    }
)
SAFE_FALLBACK_TYPE = "application/octet-stream"
DOWNLOAD_POLICY = "sandbox; default-src 'none'"


def wants_file(request: Request) -> bool:
    """No ``Accept`` or one that names JSON means metadata; anything else means the bytes."""
    accept = request.headers.get("accept", "").strip()
    return bool(accept) and "application/json" not in accept.lower()


def served_type(declared: str) -> str:
    """The stored (client-declared) type, unless a browser could run it."""
    essence = declared.split(";", maxsplit=1)[0].strip().lower()
    if not essence or essence in ACTIVE_CONTENT_TYPES or essence.endswith("+xml"):
        return SAFE_FALLBACK_TYPE
    return declared


def file_response(session: Session, stored: StoredFile) -> StreamingResponse:
    disposition = f"attachment; filename*=UTF-8''{quote(stored.filename)}"
    return StreamingResponse(
        open_file(session, stored),
        media_type=served_type(stored.content_type),
        headers={
            "Content-Disposition": disposition,
            "Content-Length": str(stored.size),
            "Content-Security-Policy": DOWNLOAD_POLICY,
            "X-Content-Type-Options": "nosniff",
        },
    )
