"""Query-string conventions of UVdesk lists: ``page``, ``sort``, ``direction``, ``search``."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import Request

from helpdesk.api.uvdesk.paging import echoed_page, page_number


@dataclass(frozen=True, slots=True)
class ListArgs:
    page: int
    sort: str
    descending: bool
    search: str | None
    active: bool | None
    current: int | str = 1  # the page as the paging block echoes it

    def sorts_by(self, word: str) -> bool:
        return word.lower() in self.sort.lower()


def list_args(request: Request) -> ListArgs:
    query = request.query_params
    sort = query.get("sort", "")
    direction = query.get("direction", "")
    descending = direction.lower() == "desc" or sort.lower().endswith(" desc")
    active_raw = query.get("isActive")
    return ListArgs(
        page=page_number(query.get("page")),
        sort=sort.split(" ")[0],
        descending=descending,
        search=query.get("search") or None,
        active=None if active_raw in (None, "") else active_raw in ("1", "true"),
        current=echoed_page(query.get("page")),
    )
