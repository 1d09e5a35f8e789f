"""Full-text search over knowledge-base articles, as ticket search does it.

SQLite: an FTS5 table keyed by article id. PostgreSQL: a ``tsvector`` per article with a
GIN index, dropped with its article (ON DELETE CASCADE). Both live in ``article_search``
(migration 0022), outside the ORM metadata, and are refreshed by ``index_article`` after
every write that changes an article's text: its title, its content and its tags.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import ColumnElement, Integer, bindparam, column, text
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.knowledgebase.models import KbArticle
from helpdesk.domain.shared.fulltext import fts5_terms, plain_text, tsquery_terms, words


def _on_postgresql(session: AsyncSession) -> bool:
    return session.get_bind().dialect.name == "postgresql"


async def index_article(session: AsyncSession, article: KbArticle) -> None:
    document = " ".join(
        [article.name, plain_text(article.content), *(tag.name for tag in article.tags)]
    )
    if _on_postgresql(session):
        await session.execute(
            text(
                "INSERT INTO article_search (article_id, document) "
                "VALUES (:id, to_tsvector('simple', :body)) "
                "ON CONFLICT (article_id) DO UPDATE SET document = excluded.document"
            ),
            {"id": article.id, "body": document},
        )
        return
    await forget_articles(session, [article.id])
    await session.execute(
        text("INSERT INTO article_search (rowid, body) VALUES (:id, :body)"),
        {"id": article.id, "body": document},
    )


async def forget_articles(session: AsyncSession, article_ids: Sequence[int]) -> None:
    """Drop the index rows of articles about to be deleted (PostgreSQL cascades them)."""
    if _on_postgresql(session) or not article_ids:
        return
    await session.execute(
        text("DELETE FROM article_search WHERE rowid IN :ids").bindparams(
            bindparam("ids", expanding=True)
        ),
        {"ids": list(article_ids)},
    )


def matching(session: AsyncSession, query: str) -> ColumnElement[bool]:
    """Articles whose title, text or tags hold every word of ``query``, each as a prefix."""
    found_words = words(query)
    if not found_words:
        return KbArticle.id.is_not(None)
    if _on_postgresql(session):
        found = text(
            "SELECT article_id FROM article_search "
            "WHERE document @@ to_tsquery('simple', :search_terms)"
        ).bindparams(search_terms=tsquery_terms(found_words))
        key = "article_id"
    else:
        found = text(
            "SELECT rowid FROM article_search WHERE article_search MATCH :search_terms"
        ).bindparams(search_terms=fts5_terms(found_words))
        key = "rowid"
    return KbArticle.id.in_(found.columns(column(key, Integer)))
