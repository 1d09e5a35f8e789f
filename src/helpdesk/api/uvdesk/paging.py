"""The KnpPaginator block UVdesk lists carry (``pagination_data`` or ``pagination``)."""

from __future__ import annotations

import math
from typing import Any

PAGE_RANGE = 5
# Far past any real list, and small enough that its offset fits every database's OFFSET.
PAGE_MAX = 1_000_000


def page_number(raw: str | None) -> int:
    """The page asked for; anything that is not a page number reads as the first page."""
    text = (raw or "").strip()
    if not (text.isascii() and text.isdigit()):
        return 1
    return min(max(1, int(text[:20])), PAGE_MAX)


def echoed_page(raw: str | None) -> int | str:
    """KnpPaginator's ``current``: the page as the client asked for it, a string (the seed's
    ``"current": "6"``), or the number 1 when it asked for none (or for nonsense)."""
    if raw is not None and raw.strip().isdigit() and int(raw) >= 1:
        return raw.strip()
    return 1


def pagination(
    echoed: int | str, per_page: int, total: int, item_count: int, url: str = "#page/replacePage"
) -> dict[str, Any]:
    """``echoed`` is the page number, or the page as ``echoed_page`` gives it back."""
    current = int(echoed)
    page_count = max(1, math.ceil(total / per_page)) if total else 1
    window = min(PAGE_RANGE, page_count)
    start = max(1, min(current - window // 2, page_count - window + 1))
    pages = list(range(start, start + window))
    block: dict[str, Any] = {
        "last": page_count,
        "current": echoed,
        "numItemsPerPage": per_page,
        "first": 1,
        "pageCount": page_count,
        "totalCount": total,
        "pageRange": window,
        "startPage": pages[0],
        "endPage": pages[-1],
    }
    if current > 1:
        block["previous"] = current - 1
    if current < page_count:
        block["next"] = current + 1
    first_item = (current - 1) * per_page + 1 if item_count else 0
    block.update(
        {
            "pagesInRange": pages,
            "firstPageInRange": pages[0],
            "lastPageInRange": pages[-1],
            "currentItemCount": item_count,
            "firstItemNumber": first_item,
            "lastItemNumber": first_item + item_count - 1 if item_count else 0,
            "url": url,
        }
    )
    return block
