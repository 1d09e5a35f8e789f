"""The trace id of the request being served, for logs and error bodies."""

from __future__ import annotations

import secrets
from contextvars import ContextVar

TRACE_HEADER = "X-Trace-Id"

_current_trace_id: ContextVar[str | None] = ContextVar("trace_id", default=None)


def new_trace_id() -> str:
    return secrets.token_hex(16)


def current_trace_id() -> str | None:
    return _current_trace_id.get()


def bind_trace_id(trace_id: str) -> None:
    _current_trace_id.set(trace_id)
