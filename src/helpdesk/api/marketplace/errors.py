"""RFC 7807 problem documents, the Marketplace API's only error format."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response

from helpdesk.api.common.errors import DialectErrors, ErrorBodies, ErrorInfo
from helpdesk.api.marketplace.responses import Problem

PROBLEM_CONTENT_TYPE = "application/problem+json"
BASE_PATH = "/public/"

# The platform is an ASP.NET Core service; these are its problem types (RFC 9110 sections).
_TYPE_BY_STATUS = {
    400: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    401: "https://tools.ietf.org/html/rfc9110#section-15.5.2",
    403: "https://tools.ietf.org/html/rfc9110#section-15.5.4",
    404: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    405: "https://tools.ietf.org/html/rfc9110#section-15.5.6",
    406: "https://tools.ietf.org/html/rfc9110#section-15.5.7",
    409: "https://tools.ietf.org/html/rfc9110#section-15.5.10",
    412: "https://tools.ietf.org/html/rfc9110#section-15.5.13",
    413: "https://tools.ietf.org/html/rfc9110#section-15.5.14",
    415: "https://tools.ietf.org/html/rfc9110#section-15.5.16",
    422: "https://tools.ietf.org/html/rfc9110#section-15.5.21",
    429: "https://tools.ietf.org/html/rfc6585#section-4",
    500: "https://tools.ietf.org/html/rfc9110#section-15.6.1",
}


class ProblemResponse(JSONResponse):
    media_type = PROBLEM_CONTENT_TYPE


def render_problem(request: Request, error: ErrorInfo) -> Response:
    body: dict[str, Any] = {
        "type": _TYPE_BY_STATUS.get(error.status, "about:blank"),
        "title": "One or more validation errors occurred." if error.errors else error.title,
        "status": error.status,
        "detail": error.detail,
        "traceId": getattr(request.state, "trace_id", None),
    }
    if error.errors:
        body["errors"] = error.errors
    return ProblemResponse(body, status_code=error.status, headers=error.headers)


def owns_path(path: str) -> bool:
    return path.startswith(BASE_PATH)


MARKETPLACE_ERRORS = DialectErrors(
    owns=owns_path,
    render=render_problem,
    bodies=ErrorBodies(media_type=PROBLEM_CONTENT_TYPE, model=Problem),
)
