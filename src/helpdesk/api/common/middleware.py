"""Pure ASGI middleware: request context (trace id, access log, last-resort 500), body limit,
and the checks every URL and JSON body passes before any route sees it."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpdesk.api.common.errors import (
    ErrorInfo,
    error_responder,
    from_domain_error,
    from_http_exception,
    internal_error,
)
from helpdesk.api.common.json_input import load_json
from helpdesk.core.tracing import TRACE_HEADER, bind_trace_id, new_trace_id
from helpdesk.domain.shared.errors import DomainError

access_log = logging.getLogger("helpdesk.access")
error_log = logging.getLogger("helpdesk.errors")

_INCOMING_TRACE_ID = re.compile(r"^[A-Za-z0-9-]{8,64}$")


def _route_template(scope: Scope) -> str:
    route: Any = scope.get("route")
    return getattr(route, "path", None) or "<unmatched>"


class RequestContextMiddleware:
    """Gives every request a trace id (header and logs), logs one line per request, and
    answers unhandled exceptions with a clean 500 in the owning dialect's format."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = Request(scope).headers.get(TRACE_HEADER, "")
        trace_id = incoming if _INCOMING_TRACE_ID.match(incoming) else new_trace_id()
        bind_trace_id(trace_id)
        scope.setdefault("state", {})["trace_id"] = trace_id
        started = time.perf_counter()
        status = 500
        response_started = False

        async def send_with_trace(message: Message) -> None:
            nonlocal status, response_started
            if message["type"] == "http.response.start":
                response_started = True
                status = message["status"]
                MutableHeaders(scope=message)[TRACE_HEADER] = trace_id
            await send(message)

        try:
            await self.app(scope, receive, send_with_trace)
        except Exception:
            error_log.exception(
                "unhandled exception",
                extra={"method": scope["method"], "path": scope["path"], "traceId": trace_id},
            )
            if response_started:
                raise
            response = error_responder(scope["app"]).render(Request(scope), internal_error())
            await response(scope, receive, send_with_trace)
        finally:
            access_log.info(
                "request",
                extra={
                    "traceId": trace_id,
                    "method": scope["method"],
                    "route": _route_template(scope),
                    "status": status,
                    "durationMs": round((time.perf_counter() - started) * 1000, 2),
                },
            )


class RequestBodyTooLarge(HTTPException):
    def __init__(self, limit: int) -> None:
        super().__init__(413, f"The request body is larger than the limit of {limit} bytes.")


class BodySizeLimitMiddleware:
    """Refuses bodies over ``max_bytes`` while they stream in, before they reach disk or memory.

    Starlette's own limiter answers in plain text; this one raises an ``HTTPException``
    so each dialect renders the 413 in its own error format.
    """

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Request(scope).headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(scope, receive, send)
            return
        received = 0

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestBodyTooLarge(self.max_bytes)
            return message

        await self.app(scope, counting_receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        error = ErrorInfo(
            413,
            "content_too_large",
            "Content Too Large",
            f"The request body is larger than the limit of {self.max_bytes} bytes.",
            headers={"Connection": "close"},
        )
        response = error_responder(scope["app"]).render(Request(scope), error)
        await response(scope, receive, send)


class UnstorableUrlMiddleware:
    """Refuses a NUL character in the path (404: no object has such an id) or in the query
    string (400), once for every route: PostgreSQL refuses NUL in text, so it must never
    reach a query. Percent-decoding cannot produce a lone surrogate (invalid UTF-8 decodes
    to U+FFFD), so NUL is the only character to catch here."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        query: bytes = scope.get("query_string", b"")
        if "\x00" in scope["path"]:
            error = ErrorInfo(404, "not_found", "Not Found", "Not Found")
        elif b"%00" in query or b"\x00" in query:
            detail = "The query string contains a NUL character."
            error = ErrorInfo(400, "validation_failed", "Bad Request", detail, {"query": [detail]})
        else:
            await self.app(scope, receive, send)
            return
        await error_responder(scope["app"]).render(Request(scope), error)(scope, receive, send)


class JsonBodyMiddleware:
    """Checks every JSON request body once, before any route or FastAPI parses it: nesting
    is bounded and no string holds what a database cannot store (``load_json``). The body
    is then replayed unchanged, so FastAPI's own body parameters never meet such input."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _is_json(Request(scope).headers.get("content-type")):
            await self.app(scope, receive, send)
            return
        try:
            body = await _read_body(receive)
            if body is None:  # the client went away; let the app see the disconnect
                await self.app(scope, _replay([{"type": "http.disconnect"}]), send)
                return
            if body.strip():
                load_json(body)
        except (DomainError, HTTPException) as refused:
            error = (
                from_domain_error(refused)
                if isinstance(refused, DomainError)
                else from_http_exception(refused)
            )
            await error_responder(scope["app"]).render(Request(scope), error)(scope, receive, send)
            return
        await self.app(scope, _replay([{"type": "http.request", "body": body}], receive), send)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole body (already bounded by ``BodySizeLimitMiddleware``), or None on disconnect."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)


def _is_json(content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    return kind == "application/json" or kind.endswith("+json")


def _replay(messages: list[Message], then: Receive | None = None) -> Receive:
    pending = list(messages)

    async def receive() -> Message:
        if pending:
            return pending.pop(0)
        if then is None:
            return {"type": "http.disconnect"}
        return await then()

    return receive


SECURITY_HEADERS = {
    # Browsers take the declared type at its word: JSON is never sniffed into HTML or script.
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
}


class SecurityHeadersMiddleware:
    """Adds ``SECURITY_HEADERS`` to every response, errors and refusals included; a header
    a response already set (a download's own policy) is kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, send_with_headers)
