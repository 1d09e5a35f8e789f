"""Response documentation shared by both dialects.

Response models describe a body exactly as the route sends it; they only feed
``/openapi.json``. Routes keep returning plain dicts, and the models are attached
with ``responses=`` (never ``response_model=``), so FastAPI never re-serialises a
body through them and the wire stays what the views build (see docs/decisions.md).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel

Responses = dict[int | str, dict[str, Any]]

BINARY = {"schema": {"type": "string", "format": "binary"}}
FILE_DESCRIPTION = "The stored file itself, sent with the content type it was uploaded with."


def _without_defaults(schema: dict[str, Any]) -> None:
    # A field that may be left out carries a default of None only to be optional in
    # Python; the wire never fills anything in, so the schema should not claim a default.
    for field in schema.get("properties", {}).values():
        field.pop("default", None)


class WireModel(BaseModel):
    """A response object: camelCase wire names, any further keys allowed."""

    model_config = ConfigDict(
        extra="allow",
        alias_generator=to_camel,
        populate_by_name=True,
        json_schema_extra=_without_defaults,
    )


def sometimes(description: str) -> Any:
    """A key the representation carries only in some answers (``description`` says when)."""
    return Field(default=None, description=description)


def ok(model: Any, description: str = "Successful Response") -> Responses:
    return {200: {"model": model, "description": description}}


def created(model: Any) -> Responses:
    return {201: {"model": model, "description": "Created"}}


def json_or_file(model: type[BaseModel]) -> Responses:
    """A route that answers metadata as JSON, or the file when ``Accept`` names no JSON."""
    return {
        200: {
            "model": model,
            "description": "The metadata as JSON; the file itself when Accept names no JSON.",
            "content": {"*/*": BINARY},
        }
    }


def file_only() -> Responses:
    return {200: {"description": FILE_DESCRIPTION, "content": {"*/*": BINARY}}}
