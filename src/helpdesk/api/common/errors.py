"""Turning failures into responses: one status table, one renderer per dialect.

Each dialect registers a renderer for the paths it owns; every expected error
(``DomainError``, request validation, routing errors) and every unexpected one
is answered in the format of the dialect that owns the path.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, cast

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from helpdesk.domain.shared.errors import (
    AuthenticationRequired,
    Conflict,
    DomainError,
    NotFound,
    PayloadTooLarge,
    PermissionDenied,
    PreconditionFailed,
    UnsupportedMediaType,
    ValidationFailed,
)

log = logging.getLogger(__name__)

STATUS_BY_ERROR: dict[type[DomainError], int] = {
    AuthenticationRequired: 401,
    PermissionDenied: 403,
    NotFound: 404,
    Conflict: 409,
    PreconditionFailed: 412,
    ValidationFailed: 400,
    PayloadTooLarge: 413,
    UnsupportedMediaType: 415,
}

HTTP_TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    428: "Precondition Required",
    429: "Too Many Requests",
    500: "Internal Server Error",
}


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    """A failure, independent of any wire format."""

    status: int
    code: str
    title: str
    detail: str
    errors: dict[str, list[str]] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


class ErrorRenderer(Protocol):
    def __call__(self, request: Request, error: ErrorInfo) -> Response: ...


@dataclass(frozen=True, slots=True)
class ErrorBodies:
    """How a dialect's error bodies are documented in ``/openapi.json``."""

    media_type: str
    model: type[BaseModel]
    by_status: Mapping[int, type[BaseModel]] = field(default_factory=dict)

    def model_for(self, status: int) -> type[BaseModel]:
        return self.by_status.get(status, self.model)


@dataclass(frozen=True, slots=True)
class DialectErrors:
    owns: Callable[[str], bool]
    render: ErrorRenderer
    bodies: ErrorBodies | None = None


def status_for(error: DomainError) -> int:
    for cls in type(error).__mro__:
        if cls in STATUS_BY_ERROR:
            return STATUS_BY_ERROR[cls]
    return 400


def from_domain_error(error: DomainError) -> ErrorInfo:
    errors = error.errors if isinstance(error, ValidationFailed) else {}
    return ErrorInfo(status_for(error), error.code, error.title, error.message, errors)


def from_validation_error(error: RequestValidationError) -> ErrorInfo:
    errors: dict[str, list[str]] = {}
    for item in error.errors():
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "query")]
        errors.setdefault(".".join(location) or "body", []).append(str(item.get("msg", "")))
    return ErrorInfo(400, "validation_failed", "Bad Request", "Invalid request.", errors)


def from_http_exception(error: StarletteHTTPException) -> ErrorInfo:
    title = HTTP_TITLES.get(error.status_code, "Error")
    detail = error.detail if isinstance(error.detail, str) else title
    code = title.lower().replace(" ", "_")
    return ErrorInfo(error.status_code, code, title, detail, headers=dict(error.headers or {}))


def internal_error() -> ErrorInfo:
    return ErrorInfo(
        500, "internal_error", "Internal Server Error", "An unexpected error occurred."
    )


def plain_problem(request: Request, error: ErrorInfo) -> Response:
    """Paths outside both dialects (health checks, unknown roots) answer a minimal JSON body."""
    return JSONResponse(
        {"status": error.status, "title": error.title, "detail": error.detail},
        status_code=error.status,
        headers=error.headers,
    )


class ErrorResponder:
    """Picks the renderer of the dialect that owns the request path."""

    def __init__(self, dialects: Sequence[DialectErrors]) -> None:
        self._dialects = tuple(dialects)

    def render(self, request: Request, error: ErrorInfo) -> Response:
        for dialect in self._dialects:
            if dialect.owns(request.url.path):
                return dialect.render(request, error)
        return plain_problem(request, error)

    def install(self, app: FastAPI) -> None:
        app.state.error_responder = self

        async def domain_error(request: Request, exc: Exception) -> Response:
            return self.render(request, from_domain_error(cast(DomainError, exc)))

        async def validation_error(request: Request, exc: Exception) -> Response:
            return self.render(request, from_validation_error(cast(RequestValidationError, exc)))

        async def http_error(request: Request, exc: Exception) -> Response:
            return self.render(request, from_http_exception(cast(StarletteHTTPException, exc)))

        app.add_exception_handler(DomainError, domain_error)
        app.add_exception_handler(RequestValidationError, validation_error)
        app.add_exception_handler(StarletteHTTPException, http_error)


def error_responder(app: Any) -> ErrorResponder:
    responder: ErrorResponder = app.state.error_responder
    return responder
