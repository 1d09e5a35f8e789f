"""UVdesk list query strings as the dialect-neutral ``ListQuery`` RQL also compiles to.

``?page=2&sort=ap.name&direction=desc&search=bill&isActive=1``: each list declares in a
``ListSpec`` which words ``sort`` takes and which keys filter which field paths of its
service's ``Fields``; filtering, ordering (with the primary key as the last key) and paging
then run through ``helpdesk.domain.shared.listing`` exactly as for the Marketplace.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from fastapi import Request
from starlette.datastructures import QueryParams

from helpdesk.api.uvdesk.paging import page_number
from helpdesk.domain.shared.listing import (
    Condition,
    Filter,
    ListQuery,
    Logical,
    OrderTerm,
    Value,
)

OFF = ("0", "false")


# Hashed by identity (eq=False): FastAPI keys its dependency cache on the spec.
@dataclass(frozen=True, slots=True, eq=False)
class ListSpec:
    """How one UVdesk list reads its query string.

    ``sorts`` maps a ``sort`` word (lower case, without the ``t.``/``ap.`` alias UVdesk
    prefixes it with) to a field path; an unknown word sorts by ``default_sort``, as
    UVdesk does. ``search`` text is looked for inside any of the given paths. ``states``
    keys (``isActive=0|1``) filter a boolean field either way; ``only`` keys (``starred``)
    keep the rows where the field is true; ``ids`` keys (``status=2``) keep the rows whose
    field equals a number, and are ignored when not one. An unpaged list (a picker)
    always answers its first ``per_page`` rows. A ``newest_first`` list sorts by its
    default descending unless ``sort`` or ``direction`` say otherwise (the seed shows mail
    lists that way).
    """

    per_page: int
    default_sort: str = "id"
    sorts: Mapping[str, str] = field(default_factory=dict)
    search: tuple[str, ...] = ()
    states: Mapping[str, str] = field(default_factory=dict)
    only: Mapping[str, str] = field(default_factory=dict)
    ids: Mapping[str, str] = field(default_factory=dict)
    paged: bool = True
    newest_first: bool = False

    def __call__(self, request: Request) -> UvdeskList:
        """As a route dependency: ``listing: UvdeskList = Depends(SPEC)``."""
        return read_list(request.query_params, self)


@dataclass(frozen=True, slots=True)
class UvdeskList:
    page: int
    query: ListQuery
    search: str | None


def read_list(params: QueryParams, spec: ListSpec, *extra: Filter) -> UvdeskList:
    """The page asked for and its ``ListQuery``; ``extra`` filters are the list's own."""
    page = page_number(params.get("page")) if spec.paged else 1
    search = params.get("search") or None
    conditions = [*_conditions(params, spec, search), *extra]
    query = ListQuery(
        filter=_all_of(conditions),
        order=(_order_term(params, spec),),
        limit=spec.per_page,
        offset=(page - 1) * spec.per_page,
    )
    return UvdeskList(page=page, query=query, search=search)


def flag(params: QueryParams, key: str) -> bool:
    """``?trashed``, ``?starred=1``: present and not ``0``/``false``."""
    return key in params and params[key].lower() not in OFF


def _order_term(params: QueryParams, spec: ListSpec) -> OrderTerm:
    """``sort=name&direction=desc`` or ``sort=name desc``."""
    word, _, rest = params.get("sort", "").strip().partition(" ")
    chosen = spec.sorts.get(word.rpartition(".")[2].lower())
    directions = (params.get("direction", "").lower(), rest.strip().lower())
    descending = "desc" in directions or (
        chosen is None and spec.newest_first and "asc" not in directions
    )
    return OrderTerm(chosen or spec.default_sort, descending)


def _conditions(params: QueryParams, spec: ListSpec, search: str | None) -> list[Filter]:
    found = [_searched(spec, search)] if search and spec.search else []
    return found + _states(params, spec) + _only(params, spec) + _ids(params, spec)


def _searched(spec: ListSpec, text: str) -> Filter:
    """``text`` inside any of the searched fields; ``*`` is a wildcard, as in RQL."""
    return _any_of([Condition("ilike", path, Value(f"*{text}*")) for path in spec.search])


def _states(params: QueryParams, spec: ListSpec) -> list[Filter]:
    given = {path: params.get(key) for key, path in spec.states.items()}
    return [
        Condition("eq", path, Value("true" if raw in ("1", "true") else "false"))
        for path, raw in given.items()
        if raw
    ]


def _only(params: QueryParams, spec: ListSpec) -> list[Filter]:
    return [
        Condition("eq", path, Value("true")) for key, path in spec.only.items() if flag(params, key)
    ]


def _ids(params: QueryParams, spec: ListSpec) -> list[Filter]:
    given = {path: params.get(key, "") for key, path in spec.ids.items()}
    return [
        Condition("eq", path, Value(raw))
        for path, raw in given.items()
        if raw.isascii() and raw.isdigit()
    ]


def _all_of(filters: list[Filter]) -> Filter | None:
    if not filters:
        return None
    return filters[0] if len(filters) == 1 else Logical("and", tuple(filters))


def _any_of(filters: list[Filter]) -> Filter:
    return filters[0] if len(filters) == 1 else Logical("or", tuple(filters))
