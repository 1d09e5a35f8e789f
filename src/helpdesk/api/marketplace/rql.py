"""The Marketplace query string: RQL filters written straight into it, plus paging keys.

``?and(eq(status,Active),ilike(name,*bill*))&status=Active&order=-name&select=-audit&limit=20``

The expression grammar is parsed with lark (see docs/decisions.md for why not requela or
rqlalchemy); this module turns the parse tree into the dialect-neutral ``ListQuery`` of
``helpdesk.domain.shared.listing``. Every malformed part is a ``ValidationFailed`` naming it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal, cast, get_args
from urllib.parse import unquote

from lark import Lark, LarkError, Token, Transformer

from helpdesk.domain.shared.bounds import INT32, RQL_CALLS_MAX, RQL_DEPTH_MAX
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.listing import (
    DEFAULT_LIMIT,
    MAX_LIMIT,
    ComparisonOp,
    Condition,
    Filter,
    ListQuery,
    Logical,
    OrderTerm,
    Quantified,
    Special,
    Value,
)

GRAMMAR = r"""
?start: call
call: BARE "(" [arg ("," arg)*] ")"
?arg: call | group | value
group: "(" [value ("," value)*] ")"
value: SINGLE_QUOTED | DOUBLE_QUOTED | BARE
SINGLE_QUOTED: /'[^']*'/
DOUBLE_QUOTED: /"[^"]*"/
BARE: /[^(),'"]+/
"""

PARSER = Lark(GRAMMAR, parser="lalr")
COMPARISONS = frozenset(get_args(ComparisonOp))
PAGING_KEYS = frozenset({"limit", "offset", "order", "select"})
# A request for display-ready values that the SDK may append; it changes nothing here.
IGNORED_TERMS = frozenset({"render"})


@dataclass(frozen=True, slots=True)
class Call:
    name: str
    args: tuple[Call | Value | tuple[Value, ...], ...]


class _ToCalls(Transformer[Token, Call]):
    def call(self, children: list[object]) -> Call:
        name, *args = children
        present = tuple(arg for arg in args if arg is not None)
        return Call(str(name).strip(), cast(tuple[Call | Value | tuple[Value, ...], ...], present))

    def group(self, children: list[Value | None]) -> tuple[Value, ...]:
        return tuple(child for child in children if child is not None)

    def value(self, children: list[Token]) -> Value:
        (token,) = children
        if token.type == "BARE":
            return Value(str(token).strip())
        return Value(str(token)[1:-1], quoted=True)


@dataclass(frozen=True, slots=True)
class Selection:
    """``select=+a,-b``: fields to add to, or remove from, the default representation."""

    added: frozenset[str] = frozenset()
    removed: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CollectionRequest:
    query: ListQuery = field(default_factory=ListQuery)
    selection: Selection = field(default_factory=Selection)


def parse_query_string(raw: str) -> CollectionRequest:
    """Split on ``&`` before percent-decoding, so encoded ``&`` stay inside values."""
    filters: list[Filter] = []
    options: dict[str, str] = {}
    for part in filter(None, raw.split("&")):
        if _is_expression(part):
            parsed = parse_expression(unquote(part))
            if parsed is not None:
                filters.append(parsed)
            continue
        key, _, value = part.partition("=")
        key, value = unquote(key), unquote(value)
        if key in PAGING_KEYS:
            options[key] = value
        elif key:
            filters.append(Condition("eq", key, Value(value)))
    combined: Filter | None = None
    if len(filters) == 1:
        combined = filters[0]
    elif filters:
        combined = Logical("and", tuple(filters))
    query = ListQuery(
        filter=combined,
        order=_order(options.get("order", "")),
        limit=min(_integer("limit", options.get("limit"), DEFAULT_LIMIT), MAX_LIMIT),
        offset=_integer("offset", options.get("offset"), 0),
    )
    return CollectionRequest(query=query, selection=_selection(options.get("select", "")))


def _is_expression(part: str) -> bool:
    head, paren, _ = part.partition("(")
    return bool(paren) and "=" not in head


def parse_expression(text: str) -> Filter | None:
    """One RQL expression; ``None`` for a term that filters nothing (``render()``)."""
    _check_size(text)
    try:
        call = _ToCalls().transform(PARSER.parse(text))
    except LarkError:
        raise ValidationFailed.for_field("rql", f"Invalid RQL expression: {text}") from None
    if call.name in IGNORED_TERMS and not call.args:
        return None
    return _filter(call)


_QUOTED = re.compile(r"'[^']*'|\"[^\"]*\"")
_PARENTHESIS = re.compile(r"[()]")


def _check_size(text: str) -> None:
    """Refuses, before parsing, what would take the parser and compiler too deep or too long."""
    bare = _QUOTED.sub("''", text)
    if bare.count("(") > RQL_CALLS_MAX:
        raise ValidationFailed.for_field(
            "rql", f"An RQL expression may hold at most {RQL_CALLS_MAX} terms."
        )
    depth = 0
    for parenthesis in _PARENTHESIS.finditer(bare):
        depth += 1 if parenthesis[0] == "(" else -1
        if depth > RQL_DEPTH_MAX:
            raise ValidationFailed.for_field(
                "rql", f"An RQL expression may nest at most {RQL_DEPTH_MAX} levels."
            )


def _filter(call: Call) -> Filter:
    if call.name in ("and", "or"):
        junction = cast(Literal["and", "or"], call.name)
        return Logical(junction, tuple(_filter(_call_arg(call, arg)) for arg in _args(call, 1)))
    if call.name == "not":
        (only,) = _args(call, 1, 1)
        return Logical("not", (_filter(_call_arg(call, only)),))
    if call.name in ("any", "all"):
        path, condition = _args(call, 2, 2)
        quantifier = cast(Literal["any", "all"], call.name)
        return Quantified(quantifier, _path(call, path), _filter(_call_arg(call, condition)))
    if call.name in COMPARISONS:
        path, value = _args(call, 2, 2)
        return Condition(cast(ComparisonOp, call.name), _path(call, path), _operand(call, value))
    raise ValidationFailed.for_field("rql", f"Unknown RQL operator '{call.name}'.")


def _args(
    call: Call, at_least: int, at_most: int | None = None
) -> tuple[Call | Value | tuple[Value, ...], ...]:
    count = len(call.args)
    if count < at_least or (at_most is not None and count > at_most):
        expected = at_least if at_least == at_most else f"at least {at_least}"
        raise ValidationFailed.for_field(
            "rql", f"{call.name}() takes {expected} argument(s), got {count}."
        )
    return call.args


def _call_arg(call: Call, arg: Call | Value | tuple[Value, ...]) -> Call:
    if not isinstance(arg, Call):
        raise ValidationFailed.for_field("rql", f"{call.name}() expects expressions.")
    return arg


def _path(call: Call, arg: Call | Value | tuple[Value, ...]) -> str:
    if not isinstance(arg, Value) or arg.quoted or not arg.text:
        raise ValidationFailed.for_field("rql", f"{call.name}() expects a field name first.")
    return arg.text


def _operand(
    call: Call, arg: Call | Value | tuple[Value, ...]
) -> Value | Special | tuple[Value, ...]:
    if isinstance(arg, Call):
        if arg.args or arg.name not in ("null", "empty"):
            raise ValidationFailed.for_field(
                "rql", f"{call.name}() accepts null() or empty() as constants, not {arg.name}()."
            )
        return Special(arg.name)
    if isinstance(arg, tuple) and call.name not in ("in", "out"):
        raise ValidationFailed.for_field("rql", f"{call.name}() takes a single value.")
    return arg


def _order(raw: str) -> tuple[OrderTerm, ...]:
    terms: list[OrderTerm] = []
    for item in filter(None, (piece.strip() for piece in raw.split(","))):
        descending = item.startswith("-")
        path = item.lstrip("+-")
        if not path:
            raise ValidationFailed.for_field("order", f"Invalid order term '{item}'.")
        terms.append(OrderTerm(path, descending))
    return tuple(terms)


def _selection(raw: str) -> Selection:
    added: set[str] = set()
    removed: set[str] = set()
    for item in filter(None, (piece.strip() for piece in raw.split(","))):
        (removed if item.startswith("-") else added).add(item.lstrip("+-"))
    return Selection(frozenset(added), frozenset(removed))


def _integer(name: str, raw: str | None, default: int) -> int:
    if raw is None or raw == "":
        return default
    if not (raw.isascii() and raw.isdigit()) or int(raw[:20]) > INT32[1]:
        raise ValidationFailed.for_field(name, f"'{name}' must be an integer from 0 to {INT32[1]}.")
    return int(raw)
