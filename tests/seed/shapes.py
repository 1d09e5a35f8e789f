"""Compare a response with the seed's example: keys and JSON types, recursively."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


@dataclass(frozen=True)
class Allowances:
    """What the comparison lets through, each for a stated reason (see the test module).

    ``nullable``: keys whose value may be null where the example shows one.
    ``optional``: ``parent.key`` pairs that may be absent (KnpPaginator's ``next``).
    """

    nullable: frozenset[str] = field(default_factory=frozenset)
    optional: frozenset[str] = field(default_factory=frozenset)


def shape_mismatches(
    example: Any, actual: Any, allow: Allowances = Allowances(), path: str = "$"
) -> list[str]:
    """Every place where ``actual`` lacks a key of ``example`` or holds another JSON type.

    A null in the example allows anything (the seed shows no type there); a list is compared
    item by item against the example's first item; keys beyond the example's are fine.
    """
    expected = json_type(example)
    if expected == "null":
        return []
    if json_type(actual) != expected:
        if actual is None and _key(path) in allow.nullable:
            return []
        return [f"{path}: expected {expected} like {_short(example)}, got {_short(actual)}"]
    if isinstance(example, dict):
        return list(_object_mismatches(example, actual, allow, path))
    if isinstance(example, list) and example:
        return [
            mismatch
            for index, item in enumerate(actual)
            for mismatch in shape_mismatches(example[0], item, allow, f"{path}[{index}]")
        ]
    return []


def _object_mismatches(
    example: dict[str, Any], actual: dict[str, Any], allow: Allowances, path: str
) -> Iterator[str]:
    for key, value in example.items():
        if key in actual:
            yield from shape_mismatches(value, actual[key], allow, f"{path}.{key}")
        elif f"{_key(path)}.{key}" not in allow.optional:
            yield f"{path}.{key}: missing (seed: {_short(value)})"


def empty_lists(example: Any, actual: Any, path: str = "$") -> set[str]:
    """Lists the example fills but the response leaves empty in every place they occur
    (``[*]`` stands for any index): nothing was compared there."""
    seen: dict[str, bool] = {}
    _visit_lists(example, actual, path, seen)
    return {where for where, filled in seen.items() if not filled}


def _visit_lists(example: Any, actual: Any, path: str, seen: dict[str, bool]) -> None:
    if isinstance(example, dict) and isinstance(actual, dict):
        for key, value in example.items():
            if key in actual:
                _visit_lists(value, actual[key], f"{path}.{key}", seen)
    elif isinstance(example, list) and example and isinstance(actual, list):
        seen[path] = seen.get(path, False) or bool(actual)
        for item in actual:
            _visit_lists(example[0], item, f"{path}[*]", seen)


def _key(path: str) -> str:
    """The last key name of a path: ``$.a[0].b`` -> ``b``."""
    return path.rsplit(".", 1)[-1].split("[", 1)[0]


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."
