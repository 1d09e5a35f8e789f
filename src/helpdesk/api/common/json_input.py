"""Request JSON, read once for both dialects: bounded nesting, storable text only.

The standard parser recurses once per nesting level, so a deeply nested document is
measured before it is parsed rather than left to hit the interpreter's recursion limit.
Every string (keys included) is checked for what no database can store, and refused with
the path of the field that holds it.
"""

from __future__ import annotations

import json
import re
from typing import Any

from helpdesk.domain.shared.bounds import JSON_DEPTH_MAX, storable
from helpdesk.domain.shared.errors import ValidationFailed

# A JSON string literal (escapes included): brackets inside one do not nest anything.
_STRING_LITERAL = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(rb"[\[\]{}]")


def nesting_depth(raw: bytes, stop_above: int) -> int:
    """How deep arrays and objects nest in ``raw``, counting no further than ``stop_above``."""
    depth = deepest = 0
    for bracket in _BRACKET.finditer(_STRING_LITERAL.sub(b'""', raw)):
        depth += 1 if bracket[0] in (b"[", b"{") else -1
        deepest = max(deepest, depth)
        if deepest > stop_above:
            break
    return deepest


def load_json(raw: bytes | str, field: str = "body") -> Any:
    """The parsed document, or a 400 naming ``field`` (or the path inside it)."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else raw
    if nesting_depth(data, JSON_DEPTH_MAX) > JSON_DEPTH_MAX:
        raise ValidationFailed.for_field(
            field, f"The JSON nests deeper than {JSON_DEPTH_MAX} levels."
        )
    try:
        document = json.loads(data, parse_constant=_refuse_constant)
    except ValueError:
        raise ValidationFailed.for_field(field, "The body is not valid JSON.") from None
    _check_strings(document, "" if field == "body" else field)
    return document


def _refuse_constant(name: str) -> Any:
    """``NaN`` and ``Infinity`` are not JSON, and PostgreSQL's JSON types refuse them."""
    raise ValueError(name)


def _check_strings(value: Any, path: str) -> None:
    if isinstance(value, str):
        storable(path or "body", value)
    elif isinstance(value, dict):
        for key, item in value.items():
            storable(path or "body", key)  # named by its parent: the key itself is unprintable
            inner = f"{path}.{key}" if path else key
            _check_strings(item, inner)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _check_strings(item, f"{path}.{index}" if path else str(index))
