"""Pure ASGI middleware: request context (trace id, access log, last-resort 500) and body limit."""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpdesk.api.common.errors import ErrorInfo, error_responder, internal_error
from helpdesk.core.tracing import TRACE_HEADER, bind_trace_id, new_trace_id

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
