"""Optimistic concurrency on Marketplace writes: ``revision`` in the body, ``If-Match``,
and the ``ETag`` of every single object.

A PUT may say which revision of the object it was based on, in either (or both) ways:

- ``"revision": N`` in the JSON body, as the SDK sends back an object it read: a stale
  revision answers 409 Conflict (the platform's answer to a state conflict);
- ``If-Match: "N"`` (the object's ``ETag``): a stale one answers 412 Precondition Failed
  (RFC 9110 section 13.1.1); ``If-Match: *`` only asks that the object exists.

Neither is required: a write without them is applied as before. Either way, the UPDATE is
conditional on the revision the transaction read (``TrackedMixin``), so a write racing a
concurrent one answers 409 rather than losing it.
"""

from __future__ import annotations

import json
import re

from fastapi import Request
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace.bodies import json_body, media_type
from helpdesk.api.marketplace.errors import owns_path
from helpdesk.domain.shared.errors import PreconditionFailed, ValidationFailed
from helpdesk.domain.shared.unit_of_work import ExpectedRevision, unit_of_work

_ENTITY_TAG = re.compile(r'\s*(W/)?"([^"]*)"\s*')


def revision_etag(revision: int) -> str:
    return f'"{revision}"'


def _if_match_revisions(header: str) -> frozenset[int] | None:
    """The revisions ``If-Match`` accepts; None for ``*`` (any). Weak tags never match
    (If-Match compares strongly), nor do tags this server never issued."""
    if header.strip() == "*":
        return None
    revisions: set[int] = set()
    for part in header.split(","):
        match = _ENTITY_TAG.fullmatch(part)
        if match and not match[1] and match[2].isascii() and match[2].isdigit():
            revisions.add(int(match[2]))
    return frozenset(revisions)


async def revision_preconditions(request: Request, session: DbSession) -> None:
    """Router dependency: record what revision a PUT expects of the object it addresses
    (the last path segment); the unit of work checks it when the object is written."""
    if request.method != "PUT":
        return
    target = request.url.path.rstrip("/").rsplit("/", 1)[-1]
    work = unit_of_work(session)
    if_match = request.headers.get("if-match")
    if if_match is not None:
        accepted = _if_match_revisions(if_match)
        if accepted is not None:
            if not accepted:
                raise PreconditionFailed("If-Match names no revision of this object.")
            work.expected_revisions.append(ExpectedRevision(target, accepted, from_if_match=True))
    if media_type(request) not in ("application/json", ""):
        return
    body = await json_body(request)
    revision = body.get("revision") if isinstance(body, dict) else None
    if revision is None:
        return
    if not isinstance(revision, int) or isinstance(revision, bool):
        raise ValidationFailed(
            "The request body is invalid.", {"revision": ["Must be an integer."]}
        )
    work.expected_revisions.append(ExpectedRevision(target, frozenset({revision})))


class RevisionEtagMiddleware:
    """``ETag: "<revision>"`` on every Marketplace answer that is one object with a
    revision (reads, creations, updates, state actions). Collections carry none."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] != "http"
            or scope["method"] not in ("GET", "POST", "PUT")
            or not owns_path(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        chunks: list[bytes] = []

        async def tag(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                is_json = headers.get("content-type", "").startswith("application/json")
                if 200 <= message["status"] < 300 and is_json:
                    start = message  # held until the body shows whether it has a revision
                    return
            elif start is not None and message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
                if message.get("more_body", False):
                    return
                body = b"".join(chunks)
                revision = _object_revision(body)
                if revision is not None:
                    MutableHeaders(scope=start)["ETag"] = revision_etag(revision)
                await send(start)
                message = {"type": "http.response.body", "body": body, "more_body": False}
            await send(message)

        await self.app(scope, receive, tag)


def _object_revision(body: bytes) -> int | None:
    if not body.startswith(b"{") or body.startswith(b'{"$meta"'):
        return None
    try:
        data = json.loads(body)
    except ValueError:
        return None
    revision = data.get("revision") if isinstance(data, dict) else None
    if isinstance(revision, int) and not isinstance(revision, bool) and "id" in data:
        return revision
    return None
