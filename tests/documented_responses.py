"""Every JSON 2xx body and 4xx error body the suite receives, checked against `/openapi.json`.

``DocumentedResponses`` wraps the app the tests talk to (in process and over a socket). It
finds the operation from the route the app itself matched (so the UVdesk locale prefix,
stripped by the app's middleware, needs no second parser) and validates the body with
JSON Schema 2020-12, resolving ``$ref``s against the whole document. Mismatches are
collected and fail the test that made the request (see ``pytest_runtest_call`` in conftest).
"""

from __future__ import annotations

import json
import threading
from typing import Any, ClassVar
from urllib.parse import quote

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.types import Message, Receive, Scope, Send

DOCUMENT_URI = "urn:helpdesk:openapi"
JSON_MEDIA_TYPE = "application/json"
ERROR_MEDIA_TYPES = (JSON_MEDIA_TYPE, "application/problem+json")


class Mismatches:
    """What the wrapped apps found wrong during the current test (the live server's thread too)."""

    def __init__(self) -> None:
        self._found: list[str] = []
        self._lock = threading.Lock()

    def add(self, problem: str) -> None:
        with self._lock:
            self._found.append(problem)

    def take(self) -> list[str]:
        with self._lock:
            found, self._found = self._found, []
        return found


MISMATCHES = Mismatches()


def json_pointer(*segments: str) -> str:
    escaped = (segment.replace("~", "~0").replace("/", "~1") for segment in segments)
    return quote("/" + "/".join(escaped))


def response_schema(
    operation: dict[str, Any], status: int, media_type: str = JSON_MEDIA_TYPE
) -> dict[str, Any] | None:
    """The JSON schema documented for ``status``, or None when it documents no JSON body."""
    response = operation.get("responses", {}).get(str(status), {})
    return response.get("content", {}).get(media_type, {}).get("schema")


class DocumentValidator:
    """Validates instances against schemas inside one OpenAPI document."""

    def __init__(self, document: dict[str, Any]) -> None:
        self.document = document
        resource = Resource.from_contents(document, default_specification=DRAFT202012)
        self.registry: Registry[Any] = Registry().with_resource(DOCUMENT_URI, resource).crawl()

    def errors(self, pointer: str, instance: Any) -> list[str]:
        validator = Draft202012Validator(
            {"$ref": f"{DOCUMENT_URI}#{pointer}"}, registry=self.registry
        )
        return [
            f"at {error.json_path}: {error.message}"
            for error in sorted(validator.iter_errors(instance), key=lambda e: e.json_path)
        ]


class DocumentedResponses:
    """ASGI wrapper around the app: checks each JSON 2xx and 4xx body it sends."""

    # Every app of a run documents the same routes: build each document and its registry once.
    _validators: ClassVar[dict[tuple[str, ...], DocumentValidator]] = {}

    def __init__(self, app: FastAPI, mismatches: Mismatches = MISMATCHES) -> None:
        self.app = app
        self.mismatches = mismatches
        self._key = tuple(sorted(str(c.path_format) for c in iter_route_contexts(app.routes)))

    @property
    def validator(self) -> DocumentValidator:
        if self._key not in self._validators:
            self._validators[self._key] = DocumentValidator(self.app.openapi())
        return self._validators[self._key]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body = bytearray()

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body" and _is_checked(start):
                body.extend(message.get("body", b""))
                if not message.get("more_body", False):
                    self.check(scope, start["status"], bytes(body), _media_type(start))
            await send(message)

        await self.app(scope, receive, capture)

    def check(self, scope: Scope, status: int, body: bytes, media_type: str) -> None:
        template = self.documented_template(scope.get("route"), scope["method"])
        if template is None:
            return
        method = scope["method"].lower()
        operation = self.validator.document["paths"][template].get(method)
        if operation is None:
            return  # the path's route, another method: the router's 405, no operation's answer
        where = f"{scope['method']} {template} -> {status}"
        if response_schema(operation, status, media_type) is None:
            self.mismatches.add(f"{where}: no {media_type} body documented for this status")
            return
        pointer = json_pointer(
            "paths", template, method, "responses", str(status), "content", media_type
        )
        for error in self.validator.errors(f"{pointer}/schema", json.loads(body)):
            self.mismatches.add(f"{where}: {error}")

    def documented_template(self, route: Any, method: str) -> str | None:
        """The documented path the request was answered under; an alias kept out of the
        document (``include_in_schema=False``) answers as its handler's documented route."""
        if not isinstance(route, APIRoute):
            return None
        if route.include_in_schema:
            return route.path_format
        for context in iter_route_contexts(self.app.routes):
            if (
                getattr(context, "include_in_schema", False)
                and context.endpoint is route.endpoint
                and method in (context.methods or ())
            ):
                return context.path_format
        return None


def _media_type(start: dict[str, Any]) -> str:
    headers = dict(start.get("headers", []))
    return str(headers.get(b"content-type", b"").split(b";")[0].strip().decode())


def _is_checked(start: dict[str, Any]) -> bool:
    """JSON successes, and error answers (documented from 400 to 499) in either format."""
    status = start.get("status", 0)
    if 200 <= status < 300:
        return _media_type(start) == JSON_MEDIA_TYPE
    return 400 <= status < 500 and _media_type(start) in ERROR_MEDIA_TYPES
