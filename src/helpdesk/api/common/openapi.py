"""``/openapi.json`` completed with what no route declares itself: the error answers.

Every operation of a dialect may answer its dialect's error body: bad input (400), no or a
bad token (401), a role that may not (403), nothing the caller may see (404), over the
rate limit (429); writes also a conflict (409), a stale If-Match (412), a body too large
(413) or of a type no route reads (415); creating requests an Idempotency-Key reused for
another request (422). They are added
here, once, from the dialect's ``ErrorBodies``, so that a route added anywhere is documented
the same way. FastAPI's own 422 is dropped: request validation answers 400 here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from helpdesk.api.common.errors import HTTP_TITLES, DialectErrors, ErrorBodies

WRITES = frozenset({"post", "put", "patch", "delete"})

ERROR_DESCRIPTIONS = {
    400: "Bad input: the body, a query value or a field breaks a rule (errors names it).",
    401: "No token, or one that is unknown, expired or not for this API.",
    403: "The caller's role may not do this.",
    404: "Nothing the caller may see answers to this path or id.",
    409: "The change conflicts with the current state (a revision, a duplicate, a state).",
    413: "The request body is larger than the server accepts.",
    415: "The body is of a media type this route does not read.",
    412: "If-Match names a revision the object no longer has.",
    422: "The Idempotency-Key was used before for a different request.",
    429: "Over the rate limit of this token (or address): Retry-After says when to retry.",
}
ALWAYS = (400, 401, 403, 404, 429)
ON_WRITES = (409, 412, 413, 415)
ON_CREATES = (422,)
_SCHEMA_REF = "#/components/schemas/{model}"
_FASTAPI_VALIDATION = ("HTTPValidationError", "ValidationError")


def install_openapi(app: FastAPI, dialects: Sequence[DialectErrors]) -> None:
    """Wraps ``app.openapi`` so that the document it caches carries the error answers."""
    generate = app.openapi

    def document() -> dict[str, Any]:
        if app.openapi_schema is None:
            complete(generate(), app, dialects)  # generate() caches what it returns
        return cast(dict[str, Any], app.openapi_schema)

    app.openapi = document  # type: ignore[method-assign]


def complete(document: dict[str, Any], app: FastAPI, dialects: Sequence[DialectErrors]) -> None:
    components = document.setdefault("components", {}).setdefault("schemas", {})
    for path, methods in document.get("paths", {}).items():
        dialect = next((d for d in dialects if d.owns(path)), None)
        for method, operation in methods.items():
            responses = operation.setdefault("responses", {})
            responses.pop("422", None)
            if dialect is not None and dialect.bodies is not None:
                _add_errors(responses, method, dialect.bodies, components)
    for name in _FASTAPI_VALIDATION:
        components.pop(name, None)
    _bound_path_ids(document, app)


def _add_errors(
    responses: dict[str, Any], method: str, bodies: ErrorBodies, components: dict[str, Any]
) -> None:
    statuses = ALWAYS + (ON_WRITES if method in WRITES else ())
    statuses += ON_CREATES if method == "post" else ()
    for status in statuses:
        model = bodies.model_for(status)
        _register(model, components)
        responses.setdefault(
            str(status),
            {
                "description": f"{HTTP_TITLES[status]}. {ERROR_DESCRIPTIONS[status]}",
                "content": {
                    bodies.media_type: {
                        "schema": {"$ref": _SCHEMA_REF.format(model=model.__name__)}
                    }
                },
            },
        )


def _register(model: type[BaseModel], components: dict[str, Any]) -> None:
    if model.__name__ in components:
        return
    schema = model.model_json_schema(ref_template=_SCHEMA_REF, mode="serialization")
    components.update(schema.pop("$defs", {}))
    components[model.__name__] = schema


def _bound_path_ids(document: dict[str, Any], app: FastAPI) -> None:
    """A path id with a bounded converter (UVdesk's ``:id``) documents its bounds."""
    for context in iter_route_contexts(app.routes):
        route = context.route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        operations = document["paths"].get(context.path_format, {})
        for name, convertor in route.param_convertors.items():
            bounds = getattr(convertor, "bounds", None)
            if bounds is None:
                continue
            for operation in operations.values():
                for parameter in operation.get("parameters", []):
                    if parameter["in"] == "path" and parameter["name"] == name:
                        parameter["schema"].update(minimum=bounds[0], maximum=bounds[1])
