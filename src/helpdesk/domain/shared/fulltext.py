"""What the full-text indexes (tickets, knowledge-base articles) share.

Each index lives outside the ORM metadata in a table of its own, created per dialect by
its migration: an FTS5 virtual table on SQLite, a ``tsvector`` column with a GIN index on
PostgreSQL. A query is split into words (runs of letters and digits), each matched as a
prefix, so nothing the caller types reaches the engine's query syntax.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

SEARCH_TABLES = ("ticket_search", "article_search")
_WORD = re.compile(r"\w+", re.UNICODE)


def is_search_table(name: str | None) -> bool:
    """The indexes and FTS5's shadow tables, which the model metadata does not describe."""
    return bool(name) and str(name).startswith(SEARCH_TABLES)


class _TextOnly(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    parser = _TextOnly()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def words(query: str) -> list[str]:
    return _WORD.findall(query)


def fts5_terms(found: list[str]) -> str:
    """Every word as a quoted FTS5 prefix term: nothing the caller types is FTS5 syntax."""
    return " ".join('"' + word.replace('"', '""') + '"*' for word in found)


def tsquery_terms(found: list[str], weights: str = "") -> str:
    """Every word as a prefix, all required (``to_tsquery('simple', ...)``), matching only
    lexemes of ``weights`` when given (e.g. ``"D"``)."""
    return " & ".join(f"{word}:*{weights}" for word in found)
