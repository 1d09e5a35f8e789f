"""The Marketplace collection envelope and the request dependency that parses its query."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Annotated, Any

from fastapi import Depends, Request

from helpdesk.api.marketplace.rql import CollectionRequest, Selection, parse_query_string
from helpdesk.domain.shared.listing import Page


def collection_request(request: Request) -> CollectionRequest:
    # The raw query string: RQL is not a list of key=value pairs and must not be re-decoded.
    return parse_query_string(request.scope.get("query_string", b"").decode("latin-1"))


CollectionParams = Annotated[CollectionRequest, Depends(collection_request)]


def envelope[T](
    page: Page[T],
    render: Callable[[T], dict[str, Any]],
    selection: Selection,
    omitted_by_default: Iterable[str] = (),
) -> dict[str, Any]:
    """``{"$meta": {"pagination", "omitted"}, "data"}`` with ``select=`` applied."""
    omitted = sorted(
        (set(omitted_by_default) - selection.added) | (selection.removed & _top_level(selection))
    )
    hidden = set(omitted) | selection.removed
    return {
        "$meta": {
            "pagination": {"offset": page.offset, "limit": page.limit, "total": page.total},
            "omitted": omitted,
        },
        "data": [project(render(item), hidden) for item in page.items],
    }


def _top_level(selection: Selection) -> set[str]:
    return {path for path in selection.removed if "." not in path}


def project(representation: dict[str, Any], hidden: Iterable[str]) -> dict[str, Any]:
    """Drop hidden fields; a dotted path removes a nested key (``audit.updated``)."""
    for path in hidden:
        *parents, leaf = path.split(".")
        target: Any = representation
        for parent in parents:
            target = target.get(parent) if isinstance(target, dict) else None
        if isinstance(target, dict):
            target.pop(leaf, None)
    return representation
