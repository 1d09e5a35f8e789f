"""Filtering, ordering and paging of collections, independent of any API dialect.

A dialect parses its query language into a ``ListQuery``; a service describes which
wire paths map to which SQL expressions (``Fields``) and calls ``fetch_page`` with a
statement already restricted to what the caller may see. Filters therefore never widen
visibility, and ``total`` counts only visible rows.
"""

from __future__ import annotations

import enum
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Literal

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    DateTime,
    Float,
    Integer,
    Numeric,
    Select,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from helpdesk.domain.shared.bounds import INT32, INT64
from helpdesk.domain.shared.errors import ValidationFailed

DEFAULT_LIMIT = 10
MAX_LIMIT = 100
LIKE_ESCAPE = "\\"


class Special(enum.Enum):
    """The RQL constants ``null()`` and ``empty()``."""

    NULL = "null"
    EMPTY = "empty"


@dataclass(frozen=True, slots=True)
class Value:
    """A literal as written; ``quoted`` literals are always text."""

    text: str
    quoted: bool = False


ComparisonOp = Literal["eq", "ne", "gt", "ge", "lt", "le", "like", "ilike", "in", "out"]


@dataclass(frozen=True, slots=True)
class Condition:
    op: ComparisonOp
    path: str
    value: Value | Special | tuple[Value, ...]


@dataclass(frozen=True, slots=True)
class Logical:
    op: Literal["and", "or", "not"]
    children: tuple[Filter, ...]


@dataclass(frozen=True, slots=True)
class Quantified:
    """``any(path, condition)`` / ``all(path, condition)`` over a to-many collection."""

    op: Literal["any", "all"]
    path: str
    condition: Filter


type Filter = Condition | Logical | Quantified


@dataclass(frozen=True, slots=True)
class OrderTerm:
    path: str
    descending: bool = False


@dataclass(frozen=True, slots=True)
class ListQuery:
    filter: Filter | None = None
    order: tuple[OrderTerm, ...] = ()
    limit: int = DEFAULT_LIMIT
    offset: int = 0


@dataclass(frozen=True, slots=True)
class Collection:
    """A to-many path: ``source`` rows related to the parent row by ``where``."""

    source: Any
    where: ColumnElement[bool]
    fields: Fields


@dataclass(frozen=True, slots=True)
class Fields:
    """Wire paths (``name``, ``queue.id``, ``audit.created.at``) to SQL expressions."""

    paths: Mapping[str, ColumnElement[Any] | InstrumentedAttribute[Any] | Collection] = field(
        default_factory=dict
    )

    def merge(self, other: Fields) -> Fields:
        return Fields({**self.paths, **other.paths})

    def __iter__(self) -> Iterator[str]:
        return iter(self.paths)

    def resolve(self, path: str) -> ColumnElement[Any] | Collection | tuple[Collection, str]:
        """The expression for ``path``, or a collection plus the rest of the path."""
        found = self.paths.get(path)
        if isinstance(found, Collection):
            return found
        if found is not None:
            return found.expression if isinstance(found, InstrumentedAttribute) else found
        head, _, rest = path.partition(".")
        while rest:
            candidate = self.paths.get(head)
            if isinstance(candidate, Collection):
                return candidate, rest
            more, _, rest = rest.partition(".")
            head = f"{head}.{more}"
        raise ValidationFailed.for_field(path, f"Unknown field '{path}'.")


@dataclass(frozen=True, slots=True)
class Page[T]:
    items: Sequence[T]
    total: int
    offset: int
    limit: int


def like_pattern(wildcarded: str) -> str:
    """RQL ``*`` wildcards (``\\*`` = a literal star) to a SQL LIKE pattern, escaped."""
    out: list[str] = []
    chars = iter(wildcarded)
    for char in chars:
        if char == "\\":
            escaped = next(chars, "\\")
            out.append(LIKE_ESCAPE + escaped if escaped in "%_\\" else escaped)
        elif char == "*":
            out.append("%")
        elif char in "%_":
            out.append(LIKE_ESCAPE + char)
        else:
            out.append(char)
    return "".join(out)


def compile_filter(node: Filter, fields: Fields) -> ColumnElement[bool]:
    if isinstance(node, Logical):
        parts = [compile_filter(child, fields) for child in node.children]
        if node.op == "not":
            return not_(and_(*parts))
        return and_(*parts) if node.op == "and" else or_(*parts)
    if isinstance(node, Quantified):
        return _quantified(node.op, _collection(fields, node.path), node.condition)
    resolved = fields.resolve(node.path)
    if isinstance(resolved, tuple):
        collection, rest = resolved
        return _quantified("any", collection, Condition(node.op, rest, node.value))
    if isinstance(resolved, Collection):
        return _collection_condition(node, resolved)
    return _comparison(node, resolved)


def _collection(fields: Fields, path: str) -> Collection:
    resolved = fields.resolve(path)
    if not isinstance(resolved, Collection):
        raise ValidationFailed.for_field(path, f"'{path}' is not a collection.")
    return resolved


def _quantified(
    op: Literal["any", "all"], collection: Collection, condition: Filter
) -> ColumnElement[bool]:
    inner = compile_filter(condition, collection.fields)
    rows = select(1).select_from(collection.source).where(collection.where)
    if op == "any":
        return exists(rows.where(inner))
    return not_(exists(rows.where(not_(inner))))


def _collection_condition(node: Condition, collection: Collection) -> ColumnElement[bool]:
    """Only ``eq/ne(collection, empty())`` make sense on a collection itself."""
    if node.value is Special.EMPTY and node.op in ("eq", "ne"):
        has_rows = exists(select(1).select_from(collection.source).where(collection.where))
        return not_(has_rows) if node.op == "eq" else has_rows
    raise ValidationFailed.for_field(
        node.path, f"'{node.path}' is a collection: use any() or all() to filter on it."
    )


_RELATIONS: dict[str, Callable[[Any, Any], Any]] = {
    "eq": operator.eq,
    "gt": operator.gt,
    "ge": operator.ge,
    "lt": operator.lt,
    "le": operator.le,
}


def _comparison(node: Condition, column: ColumnElement[Any]) -> ColumnElement[bool]:
    if isinstance(node.value, Special):
        return _special(node, node.value, column)
    if node.op in ("in", "out"):
        return _membership(node, column)
    if isinstance(node.value, tuple):
        raise ValidationFailed.for_field(node.path, f"{node.op}() takes a single value.")
    if node.op in ("like", "ilike"):
        return _pattern(node, node.value, column)
    value = _typed(node.path, column, node.value)
    if node.op == "ne":
        return or_(column.is_(None), column != value)
    relation: ColumnElement[bool] = _RELATIONS[node.op](column, value)
    return relation


def _membership(node: Condition, column: ColumnElement[Any]) -> ColumnElement[bool]:
    values = node.value if isinstance(node.value, tuple) else (node.value,)
    typed = [_typed(node.path, column, value) for value in values if isinstance(value, Value)]
    if node.op == "in":
        return column.in_(typed)
    return or_(column.is_(None), column.not_in(typed))


def _pattern(node: Condition, value: Value, column: ColumnElement[Any]) -> ColumnElement[bool]:
    if not _is_text(column):
        raise ValidationFailed.for_field(node.path, f"{node.op}() applies to text fields only.")
    pattern = like_pattern(value.text)
    if node.op == "ilike":
        return column.ilike(pattern, escape=LIKE_ESCAPE)
    return column.like(pattern, escape=LIKE_ESCAPE)


def _special(node: Condition, special: Special, column: ColumnElement[Any]) -> ColumnElement[bool]:
    if node.op not in ("eq", "ne"):
        raise ValidationFailed.for_field(
            node.path, f"{special.value}() works with eq() and ne() only."
        )
    matches: ColumnElement[bool] = column.is_(None)
    if special is Special.EMPTY and _is_text(column):
        matches = or_(matches, column == "")
    return matches if node.op == "eq" else not_(matches)


def _is_text(column: ColumnElement[Any]) -> bool:
    return not isinstance(column.type, Integer | Boolean | DateTime | Date | Numeric | Float)


def _boolean(text: str) -> bool:
    if text.lower() not in ("true", "false"):
        raise ValueError(text)
    return text.lower() == "true"


def _moment(text: str) -> datetime:
    moment = datetime.fromisoformat(text)
    # Raises OverflowError when the offset moves the moment out of years 1..9999.
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


def _integer_of(limits: tuple[int, int]) -> Callable[[str], int]:
    def convert(text: str) -> int:
        number = int(text)
        if not limits[0] <= number <= limits[1]:
            raise ValueError(text)  # the column cannot hold it, so nothing can equal it
        return number

    return convert


def _finite(text: str) -> Decimal:
    number = Decimal(text)
    if not number.is_finite():
        raise ValueError(text)
    return number


# Most specific first: BigInteger and SmallInteger are Integers too.
_CONVERTERS: tuple[tuple[type[Any], Callable[[str], Any]], ...] = (
    (Boolean, _boolean),
    (BigInteger, _integer_of(INT64)),
    (Integer, _integer_of(INT32)),
    (Numeric, _finite),
    (Float, _finite),
    (DateTime, _moment),
    (Date, date.fromisoformat),
)


def _typed(path: str, column: ColumnElement[Any], value: Value) -> Any:
    """Convert a literal to the column's Python type, or explain why it cannot be."""
    for kind, convert in _CONVERTERS:
        if isinstance(column.type, kind):
            try:
                return convert(value.text)
            except (ValueError, InvalidOperation, OverflowError):
                raise ValidationFailed.for_field(
                    path, f"'{value.text}' is not a valid value for '{path}'."
                ) from None
    return value.text


def order_by(order: Sequence[OrderTerm], fields: Fields) -> list[ColumnElement[Any]]:
    clauses: list[ColumnElement[Any]] = []
    for term in order:
        resolved = fields.resolve(term.path)
        if isinstance(resolved, Collection | tuple):
            raise ValidationFailed.for_field(
                term.path, f"Cannot order by '{term.path}': it is a collection."
            )
        # NULLs sort as the largest value on every database, so pages agree across backends.
        clauses.append(
            resolved.desc().nulls_first() if term.descending else resolved.asc().nulls_last()
        )
    return clauses


async def fetch_page[T](
    session: AsyncSession,
    statement: Select[T],
    fields: Fields,
    query: ListQuery,
    *,
    primary_key: InstrumentedAttribute[Any],
    known_total: int | None = None,
) -> Page[T]:
    """One count query and one page query; ``statement`` is already scoped to the caller.
    ``known_total``: the caller counted the rows some cheaper way (no count query)."""
    filtered = _filtered(statement, fields, query)
    # Ordering is compiled before counting so that a bad order term is refused on an
    # empty collection too.
    ordering = order_by(query.order, fields)
    total = known_total
    if total is None:
        counted = filtered.with_only_columns(
            func.count(primary_key.distinct()), maintain_column_froms=True
        ).order_by(None)
        total = int(await session.scalar(counted) or 0)
    if query.limit == 0 or query.offset >= total:
        return Page(items=[], total=total, offset=query.offset, limit=query.limit)
    items = await _page_of(session, filtered, ordering, query, primary_key)
    return Page(items=items, total=total, offset=query.offset, limit=query.limit)


async def fetch_items[T](
    session: AsyncSession,
    statement: Select[T],
    fields: Fields,
    query: ListQuery,
    *,
    primary_key: InstrumentedAttribute[Any],
) -> Sequence[T]:
    """The page alone, for lists that report no total: one query."""
    filtered = _filtered(statement, fields, query)
    return await _page_of(session, filtered, order_by(query.order, fields), query, primary_key)


def filter_paths(node: Filter | None) -> set[str]:
    """Every path a filter reads (``any``/``all`` count as their collection's path)."""
    if node is None:
        return set()
    if isinstance(node, Condition):
        return {node.path}
    if isinstance(node, Quantified):
        return {node.path}
    return set().union(*(filter_paths(child) for child in node.children))


def _filtered[T](statement: Select[T], fields: Fields, query: ListQuery) -> Select[T]:
    if query.filter is None:
        return statement
    return statement.where(compile_filter(query.filter, fields))


async def _page_of[T](
    session: AsyncSession,
    statement: Select[T],
    ordering: Sequence[ColumnElement[Any]],
    query: ListQuery,
    primary_key: InstrumentedAttribute[Any],
) -> Sequence[T]:
    ordered = statement.order_by(*ordering, primary_key)
    if session.get_bind().dialect.name == "postgresql":
        ordered = _keys_first(ordered, primary_key, query)
    else:
        ordered = ordered.limit(query.limit).offset(query.offset)
    return (await session.scalars(ordered)).unique().all()


def _keys_first[T](
    ordered: Select[T], primary_key: InstrumentedAttribute[Any], query: ListQuery
) -> Select[T]:
    """The page's keys found first, in a subquery, and only those rows loaded whole.

    A row with many eager-joined tables (a ticket has seven) leaves PostgreSQL's planner
    no room to join a filter's subquery (full-text search, a tag) before them: it joined
    every visible ticket to its status, priority, ... and only then to the few the search
    found (120 ms at 100k tickets, against 7). The keys' query has the filters and none of
    the eager joins; the rows' query starts from the page's keys. The filters stay on the
    rows' query too, where they cost a key lookup per row of the page."""
    keys = (
        ordered.with_only_columns(primary_key)
        .limit(query.limit)
        .offset(query.offset)
        .subquery("page_keys")
    )
    return ordered.join(keys, primary_key == keys.c[primary_key.key])
