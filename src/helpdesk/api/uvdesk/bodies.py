"""UVdesk request bodies: JSON, form-encoded or multipart, read the same way.

Generated UVdesk clients send writes form-encoded, arrays as repeated keys, PHP-style
``ids[]`` keys or comma-separated strings, numbers as strings, and sometimes
``Content-Type: application/json`` with an empty body. ``Fields`` hides all of that.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Literal

from fastapi import Request
from starlette.datastructures import UploadFile

from helpdesk.api.common.json_input import load_json
from helpdesk.domain.shared.bounds import (
    EMAIL_MAX,
    INT32,
    NAME_MAX,
    bounded,
    email_address,
    in_range,
    storable,
)
from helpdesk.domain.shared.errors import UnsupportedMediaType, ValidationFailed

Kind = Literal[
    "text", "email", "integer", "flag", "items", "integers", "mapping", "files", "shaped"
]

_INT32_TEXT = r"^\s*-?[0-9]{1,10}\s*$"
_JSON_SCHEMAS: dict[str, dict[str, Any]] = {
    "email": {"type": "string", "format": "email", "maxLength": EMAIL_MAX},
    "integer": {
        "anyOf": [
            {"type": "integer", "minimum": INT32[0], "maximum": INT32[1]},
            {"type": "string", "pattern": _INT32_TEXT},
        ]
    },
    "flag": {"anyOf": [{"type": "boolean"}, {"type": "integer"}, {"type": "string"}]},
    "items": {
        "anyOf": [
            {"type": "array", "items": {"type": ["string", "integer"]}},
            {"type": "string", "description": "Comma-separated."},
        ]
    },
    "integers": {
        "anyOf": [
            {
                "type": "array",
                "items": {
                    "anyOf": [
                        {"type": "integer", "minimum": INT32[0], "maximum": INT32[1]},
                        {"type": "string", "pattern": _INT32_TEXT},
                    ]
                },
            },
            {"type": "string", "description": "Comma-separated numbers."},
        ]
    },
    "mapping": {"type": "object"},
}
_FORM_SCHEMAS: dict[str, dict[str, Any]] = {
    "email": _JSON_SCHEMAS["email"],
    "integer": {"type": "string", "pattern": _INT32_TEXT},
    "flag": {"type": "string", "description": "1, true, yes or on; anything else is false."},
    "items": {"type": "array", "items": {"type": "string"}},
    "integers": {"type": "array", "items": {"type": "string", "pattern": _INT32_TEXT}},
    "files": {"type": "array", "items": {"type": "string", "format": "binary"}},
}


@dataclass(frozen=True, slots=True)
class BodyField:
    """One field a UVdesk route reads, as ``Fields`` reads it (see ``Body``)."""

    name: str
    kind: Kind = "text"
    max_chars: int = NAME_MAX
    required: bool = False
    # Kind "shaped": the schemas the route's own reader accepts (see ``Read.shaped``).
    json_shape: dict[str, Any] | None = field(default=None, compare=False)
    form_shape: dict[str, Any] | None = field(default=None, compare=False)

    def json_schema(self) -> dict[str, Any] | None:
        if self.kind == "text":
            return {"type": "string", "maxLength": self.max_chars}
        if self.kind == "shaped":
            return self.json_shape
        return _JSON_SCHEMAS.get(self.kind)

    def form_schema(self) -> dict[str, Any] | None:
        if self.kind == "text":
            return {"type": "string", "maxLength": self.max_chars}
        if self.kind == "shaped":
            return self.form_shape
        return _FORM_SCHEMAS.get(self.kind)  # form maps are keyed name[key]: not described


# Every UVdesk write may act as someone else (``dependencies.py`` reads these two).
ACTING_AS = (BodyField("actAsType"), BodyField("actAsEmail", "email"))


class Body(dict[str, Any]):
    """A UVdesk route's body, as the ``openapi_extra`` of its decorator.

    It documents the fields in ``/openapi.json`` (JSON, form-encoded and multipart alike,
    as ``read_fields`` accepts them all), and ``read_fields`` holds the route to it: reading
    a field the route's ``Body`` does not name raises ``UndeclaredField``, so the document
    cannot drift from what the route reads without the suite noticing.
    """

    def __init__(self, *fields: BodyField) -> None:
        self.declared = fields
        self.fields = {item.name: item for item in (*fields, *ACTING_AS)}
        required = [item.name for item in fields if item.required]
        json_schema = self._object({n: f.json_schema() for n, f in self.fields.items()}, required)
        form_schema = self._object({n: f.form_schema() for n, f in self.fields.items()}, required)
        super().__init__(
            requestBody={
                "required": bool(required),
                "content": {
                    "application/json": {"schema": json_schema},
                    "application/x-www-form-urlencoded": {
                        "schema": {
                            **form_schema,
                            "properties": {
                                name: schema
                                for name, schema in form_schema["properties"].items()
                                if self.fields[name].kind != "files"
                            },
                        }
                    },
                    "multipart/form-data": {"schema": form_schema},
                },
            }
        )

    @staticmethod
    def _object(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
        schema: dict[str, Any] = {
            "type": "object",
            "properties": {name: s for name, s in properties.items() if s is not None},
        }
        if required:
            schema["required"] = required
        return schema


class Read:
    """Field declarations for ``Body(...)``, named like the ``Fields`` method that reads them."""

    @staticmethod
    def text(name: str, max_chars: int = NAME_MAX) -> BodyField:
        return BodyField(name, "text", max_chars)

    @staticmethod
    def required_text(name: str, max_chars: int = NAME_MAX) -> BodyField:
        return BodyField(name, "text", max_chars, required=True)

    @staticmethod
    def email(name: str) -> BodyField:
        return BodyField(name, "email", EMAIL_MAX)

    @staticmethod
    def required_email(name: str) -> BodyField:
        return BodyField(name, "email", EMAIL_MAX, required=True)

    @staticmethod
    def integer(name: str) -> BodyField:
        return BodyField(name, "integer")

    @staticmethod
    def flag(name: str) -> BodyField:
        return BodyField(name, "flag")

    @staticmethod
    def items(name: str) -> BodyField:
        return BodyField(name, "items")

    @staticmethod
    def integers(name: str) -> BodyField:
        return BodyField(name, "integers")

    @staticmethod
    def mapping(name: str) -> BodyField:
        return BodyField(name, "mapping")

    @staticmethod
    def uploads(name: str) -> BodyField:
        return BodyField(name, "files")

    @staticmethod
    def shaped(
        name: str, json_schema: dict[str, Any], form_schema: dict[str, Any] | None = None
    ) -> BodyField:
        """A field whose route reads it itself (``fields.has(name)``, then the value as sent):
        nested lists and maps ``Fields`` has no reader for. ``json_schema`` says what the route
        accepts in JSON; ``form_schema`` the form value, if any (``name[0][key]`` form keys
        are not described, as for maps)."""
        return BodyField(name, "shaped", json_shape=json_schema, form_shape=form_schema)

    @staticmethod
    def integer_or(name: str, *words: str) -> BodyField:
        """``Fields.integer`` after the route has taken ``words`` (``""``, ``"null"``) to mean
        something else, such as "nobody"."""
        given = {"type": "string", "enum": list(words)}
        return Read.shaped(
            name,
            {"anyOf": [*_JSON_SCHEMAS["integer"]["anyOf"], given]},
            {"anyOf": [_FORM_SCHEMAS["integer"], given]},
        )


class UndeclaredField(LookupError):
    """A route read a body field its ``Body(...)`` does not document: a programming error."""


@dataclass(frozen=True, slots=True)
class Fields:
    values: dict[str, list[Any]] = field(default_factory=dict)
    files: dict[str, list[UploadFile]] = field(default_factory=dict)
    declared: frozenset[str] | None = None

    def _declared(self, name: str) -> None:
        if self.declared is not None and name not in self.declared:
            raise UndeclaredField(f"The route reads {name!r}, which its Body(...) does not name.")

    def has(self, name: str) -> bool:
        self._declared(name)
        return name in self.values

    def text(self, name: str, max_chars: int = NAME_MAX) -> str | None:
        """The field as text, at most ``max_chars`` long (a name's length unless told)."""
        self._declared(name)
        found = self.values.get(name)
        if not found or found[0] is None:
            return None
        first = found[0]
        text = (
            first
            if isinstance(first, str)
            else json.dumps(first)
            if isinstance(first, dict | list)
            else str(first)
        )
        return bounded(name, text, max_chars)

    def required_text(self, name: str, max_chars: int = NAME_MAX) -> str:
        value = (self.text(name, max_chars) or "").strip()
        if not value:
            raise ValidationFailed.for_field(name, f"{name} is required.")
        return value

    def email(self, name: str) -> str | None:
        text = (self.text(name, EMAIL_MAX) or "").strip()
        return email_address(name, text) if text else None

    def required_email(self, name: str) -> str:
        return email_address(name, self.required_text(name, EMAIL_MAX))

    def integer(self, name: str) -> int | None:
        raw = self.text(name)
        if raw is None or raw.strip() == "":
            return None
        return _number(name, raw)

    def flag(self, name: str) -> bool | None:
        raw = self.text(name)
        if raw is None:
            return None
        return raw.strip().lower() in ("1", "true", "yes", "on")

    def items(self, name: str) -> list[str]:
        """An array parameter in any of its five spellings (a PHP keyed array too), as strings."""
        self._declared(name)
        collected: list[str] = []
        for value in self.values.get(name, []):
            if isinstance(value, dict):
                collected.extend(str(item) for item in value.values() if item is not None)
            elif isinstance(value, list):
                collected.extend(str(item) for item in value if item is not None)
            elif isinstance(value, str):
                collected.extend(part.strip() for part in value.split(",") if part.strip())
            elif value is not None:
                collected.append(str(value))
        return collected

    def integers(self, name: str) -> list[int]:
        return [_number(name, item) for item in self.items(name)]

    def mapping(self, name: str) -> dict[str, Any]:
        """``name`` as a JSON object, or form keys ``name[key]=value``."""
        self._declared(name)
        found: dict[str, Any] = {}
        for value in self.values.get(name, []):
            if isinstance(value, dict):
                found.update({str(key): item for key, item in value.items()})
        prefix = f"{name}["
        for key, values in self.values.items():
            if key.startswith(prefix) and key.endswith("]"):
                found[key[len(prefix) : -1]] = values[0] if len(values) == 1 else values
        return found

    def scalar_text(self, name: str, key: str, max_chars: int = NAME_MAX) -> str | None:
        """``name[key]`` of a map (JSON object or form keys) as text: a string or a number."""
        value = self.mapping(name).get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise ValidationFailed.for_field(name, f"{name}[{key}] must be text.")
        return bounded(name, str(value), max_chars)

    def uploads(self, name: str) -> list[UploadFile]:
        self._declared(name)
        return self.files.get(name, []) + self.files.get(f"{name}[]", [])


_INTEGER = re.compile(r"-?[0-9]{1,20}")  # longer is out of range anyway


def _number(name: str, raw: str) -> int:
    """An integer any of our integer columns can hold (they are 32-bit on PostgreSQL)."""
    text = raw.strip()
    if not _INTEGER.fullmatch(text):
        raise ValidationFailed.for_field(name, f"{name} must be a number.")
    return in_range(name, int(text), INT32)


def _add(values: dict[str, list[Any]], key: str, value: Any) -> None:
    values.setdefault(key.removesuffix("[]"), []).append(value)


async def read_fields(request: Request) -> Fields:
    """The body's fields, held to the route's ``Body(...)`` when it declares one."""
    body = getattr(request.scope.get("route"), "openapi_extra", None)
    declared = frozenset(body.fields) if isinstance(body, Body) else None
    fields = await _read(request)
    return Fields(fields.values, fields.files, declared)


async def _read(request: Request) -> Fields:
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form()
        values: dict[str, list[Any]] = {}
        files: dict[str, list[UploadFile]] = {}
        for key, value in form.multi_items():
            if isinstance(value, UploadFile):
                files.setdefault(key, []).append(value)
            else:
                _add(values, storable(key, key), storable(key, value))
        return Fields(values, files)
    raw = await request.body()
    if not raw.strip():
        return Fields()
    if kind not in ("application/json", "", "text/plain"):
        raise UnsupportedMediaType(f"Send JSON or form data, not {kind}.")
    document = load_json(raw)
    if not isinstance(document, dict):
        raise ValidationFailed("The body must be a JSON object.")
    return Fields({key.removesuffix("[]"): [value] for key, value in document.items()})
