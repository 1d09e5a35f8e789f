"""Abuse limits at the door: the rate limit and ``Idempotency-Key``, as pure ASGI middleware.

Both key on the credential the request presents (``Authorization: Bearer`` or UVdesk's
``?access_token=``), hashed, before any route or dependency runs: every kind of token,
present or future, is covered without knowing how it is resolved, and a refused request
never reaches the database session or the SQLite write gate.
"""

from __future__ import annotations

import hashlib
from urllib.parse import parse_qsl

from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpdesk.api.common.errors import ErrorInfo, error_responder, from_http_exception
from helpdesk.domain.guards.idempotency import (
    Claimed,
    IdempotencyKeys,
    Mismatch,
    Replay,
)
from helpdesk.domain.guards.rate_limit import RateLimiter, Verdict

_EXEMPT_PATHS = frozenset({"/healthz"})
_KNOWN_GOOD_MAX = 10_000


def presented_credential(scope: Scope) -> str | None:
    """The token the request carries, whichever way it carries it."""
    header = Headers(scope=scope).get("authorization", "")
    scheme, _, credentials = header.partition(" ")
    if scheme.lower() == "bearer" and credentials.strip():
        return credentials.strip()
    query: bytes = scope.get("query_string", b"")
    for name, value in parse_qsl(query.decode("latin-1")):
        if name == "access_token" and value:
            return value
    return None


def credential_hash(credential: str) -> str:
    return hashlib.sha256(credential.encode("utf-8", "surrogatepass")).hexdigest()


def client_address(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _rate_headers(verdict: Verdict, window_seconds: int) -> dict[str, str]:
    return {
        "RateLimit-Limit": str(verdict.limit),
        "RateLimit-Remaining": str(verdict.remaining),
        "RateLimit-Reset": str(verdict.reset_seconds),
        "RateLimit-Policy": f"{verdict.limit};w={window_seconds}",
    }


class RateLimitMiddleware:
    """A fixed window of requests per token, or per client address without one.

    Requests answered 401 also count against their address, so that inventing tokens
    does not buy a fresh limit: once an address has spent its limit, it may only use
    tokens this process has seen authenticate (``resolve_actor`` marks the request)."""

    def __init__(self, app: ASGIApp, limiter: RateLimiter) -> None:
        self.app = app
        self.limiter = limiter
        self._known_good: set[str] = set()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in _EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        credential = presented_credential(scope)
        address_key = f"ip:{client_address(scope)}"
        token_key = f"t:{credential_hash(credential)}" if credential else None
        if token_key and token_key not in self._known_good:
            refused = self.limiter.spent(address_key)
            if refused is not None:
                await self._refuse(scope, receive, send, refused)
                return
        verdict = await self.limiter.hit(token_key or address_key)
        if not verdict.allowed:
            await self._refuse(scope, receive, send, verdict)
            return
        headers = _rate_headers(verdict, self.limiter.window_seconds)
        status = 0

        async def send_with_limits(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message).update(headers)
            await send(message)

        await self.app(scope, receive, send_with_limits)
        if token_key is None:
            return
        if scope.get("state", {}).get("authenticated"):
            if len(self._known_good) >= _KNOWN_GOOD_MAX:
                self._known_good.clear()
            self._known_good.add(token_key)
        elif status == 401:
            await self.limiter.hit(address_key)
            self._known_good.discard(token_key)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, verdict: Verdict) -> None:
        headers = _rate_headers(verdict, self.limiter.window_seconds)
        headers["Retry-After"] = str(verdict.reset_seconds)
        error = ErrorInfo(
            429,
            "too_many_requests",
            "Too Many Requests",
            f"Rate limit of {verdict.limit} requests per {self.limiter.window_seconds} seconds "
            f"exceeded; retry in {verdict.reset_seconds} seconds.",
            headers=headers,
        )
        response = error_responder(scope["app"]).render(Request(scope), error)
        await response(scope, receive, send)


_KEY_MAX = 255
_REPLAYED_HEADERS = frozenset({"content-type", "location", "etag", "content-disposition"})


def _idempotency_key(raw: str) -> str | None:
    """The key as sent (an sf-string: quotes optional), or None when it is malformed."""
    key = raw.strip()
    if len(key) >= 2 and key[0] == key[-1] == '"':
        key = key[1:-1]
    if not key or len(key) > _KEY_MAX or not all("\x21" <= ch <= "\x7e" for ch in key):
        return None
    return key


class IdempotencyMiddleware:
    """Replays the first successful answer to a POST retried with the same
    ``Idempotency-Key`` (see ``domain/guards/idempotency.py`` for the rules).

    The body is read whole before the request runs (its hash is part of the request's
    fingerprint); ``BodySizeLimitMiddleware``, outside, has bounded it."""

    def __init__(self, app: ASGIApp, keys: IdempotencyKeys) -> None:
        self.app = app
        self.keys = keys

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        raw_key = Headers(scope=scope).get("idempotency-key") if scope["type"] == "http" else None
        if raw_key is None or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        credential = presented_credential(scope)
        if credential is None:
            await self.app(scope, receive, send)  # refused as unauthenticated anyway
            return
        key = _idempotency_key(raw_key)
        if key is None:
            await self._error(
                scope, receive, send, 400, "The Idempotency-Key header must be 1-255 visible "
                "ASCII characters."
            )  # fmt: skip
            return
        try:
            body = await _read_body(receive)
        except HTTPException as refused:  # the body crossed the size limit
            response = error_responder(scope["app"]).render(
                Request(scope), from_http_exception(refused)
            )
            await response(scope, receive, send)
            return
        if body is None:  # the client went away
            return
        fingerprint = hashlib.sha256()
        for part in (scope["method"], scope["path"], scope.get("query_string", b"").decode()):
            fingerprint.update(part.encode("utf-8", "surrogatepass") + b"\0")
        fingerprint.update(body)
        outcome = await self.keys.claim(credential_hash(credential), key, fingerprint.hexdigest())
        if isinstance(outcome, Claimed):
            await self._run(scope, body, send, outcome)
        elif isinstance(outcome, Replay):
            await _replay(outcome, send)
        elif isinstance(outcome, Mismatch):
            await self._error(
                scope, receive, send, 422,
                "This Idempotency-Key was already used with a different request.",
            )  # fmt: skip
        else:
            await self._error(
                scope, receive, send, 409,
                "A request with this Idempotency-Key is still being processed; retry later.",
            )  # fmt: skip

    async def _run(self, scope: Scope, body: bytes, send: Send, claim: Claimed) -> None:
        delivered = False

        async def replay_body() -> Message:
            nonlocal delivered
            if delivered:
                return {"type": "http.disconnect"}
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}

        status = 0
        headers: list[tuple[str, str]] = []
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal status, headers
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = [
                    (name.decode("latin-1"), value.decode("latin-1"))
                    for name, value in message.get("headers", [])
                    if name.decode("latin-1").lower() in _REPLAYED_HEADERS
                ]
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        recorded = False
        try:
            await self.app(scope, replay_body, capture)
            if 200 <= status < 300:
                await self.keys.record(claim, status, headers, b"".join(chunks))
                recorded = True
        finally:
            if not recorded:
                await self.keys.release(claim)

    async def _error(
        self, scope: Scope, receive: Receive, send: Send, status: int, detail: str
    ) -> None:
        titles = {400: "Bad Request", 409: "Conflict", 422: "Unprocessable Content"}
        code = titles[status].lower().replace(" ", "_")
        error = ErrorInfo(status, code, titles[status], detail)
        response = error_responder(scope["app"]).render(Request(scope), error)
        await response(scope, receive, send)


async def _read_body(receive: Receive) -> bytes | None:
    """The whole request body, or None when the client went away."""
    parts: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return None
        parts.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(parts)


async def _replay(replay: Replay, send: Send) -> None:
    headers = [(name.encode("latin-1"), value.encode("latin-1")) for name, value in replay.headers]
    headers.append((b"content-length", str(len(replay.body)).encode()))
    headers.append((b"idempotent-replayed", b"true"))
    await send({"type": "http.response.start", "status": replay.status, "headers": headers})
    await send({"type": "http.response.body", "body": replay.body, "more_body": False})
