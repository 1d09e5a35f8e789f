"""UVdesk error bodies: the OAuth 401 body byte for byte, ``{"error","message"}`` otherwise."""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from helpdesk.api.common.errors import DialectErrors, ErrorBodies, ErrorInfo
from helpdesk.api.uvdesk.responses import AccessDenied, ErrorAnswer

_UVDESK_PATH = re.compile(r"^(?:/[^/]+)?/api/")

ACCESS_DENIED_BODY = {
    "error": "access_denied",
    "error_description": "OAuth2 authentication required",
}

_SHORT_CODES = {
    400: "invalid_data",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "unprocessable_content",
    429: "too_many_requests",
    500: "internal_error",
}


def render_uvdesk_error(request: Request, error: ErrorInfo) -> Response:
    if error.status == 401:
        return JSONResponse(ACCESS_DENIED_BODY, status_code=401, headers=error.headers)
    body: dict[str, Any] = {
        "error": _SHORT_CODES.get(error.status, error.code),
        "message": error.detail,
    }
    if error.errors:
        body["errors"] = error.errors
    return JSONResponse(body, status_code=error.status, headers=error.headers)


def owns_path(path: str) -> bool:
    return _UVDESK_PATH.match(path) is not None


UVDESK_ERRORS = DialectErrors(
    owns=owns_path,
    render=render_uvdesk_error,
    bodies=ErrorBodies(
        media_type="application/json", model=ErrorAnswer, by_status={401: AccessDenied}
    ),
)
