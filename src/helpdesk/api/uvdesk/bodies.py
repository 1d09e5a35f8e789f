"""UVdesk request bodies: JSON, form-encoded or multipart, read the same way.

Generated UVdesk clients send writes form-encoded, arrays as repeated keys, PHP-style
``ids[]`` keys or comma-separated strings, numbers as strings, and sometimes
``Content-Type: application/json`` with an empty body. ``Fields`` hides all of that.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

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


@dataclass(frozen=True, slots=True)
class Fields:
    values: dict[str, list[Any]] = field(default_factory=dict)
    files: dict[str, list[UploadFile]] = field(default_factory=dict)

    def has(self, name: str) -> bool:
        return name in self.values

    def text(self, name: str, max_chars: int = NAME_MAX) -> str | None:
        """The field as text, at most ``max_chars`` long (a name's length unless told)."""
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
        """An array parameter in any of its four spellings, as strings."""
        collected: list[str] = []
        for value in self.values.get(name, []):
            if isinstance(value, list):
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
        found: dict[str, Any] = {}
        for value in self.values.get(name, []):
            if isinstance(value, dict):
                found.update({str(key): item for key, item in value.items()})
        prefix = f"{name}["
        for key, values in self.values.items():
            if key.startswith(prefix) and key.endswith("]"):
                found[key[len(prefix) : -1]] = values[0] if len(values) == 1 else values
        return found

    def uploads(self, name: str) -> list[UploadFile]:
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
