"""Knowledge-base articles: list and search, read, add, edit, delete, tag.

Titles are plain text; content is HTML, sanitised with nh3 on every write as thread
bodies are. Every write that changes an article's text refreshes its search index row.
"""

from __future__ import annotations

from dataclasses import dataclass

import nh3
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.knowledgebase.access import require_manager, visible_articles
from helpdesk.domain.knowledgebase.folders import title, visible_category
from helpdesk.domain.knowledgebase.models import KbArticle, KbCategory
from helpdesk.domain.knowledgebase.search import forget_articles, index_article, matching
from helpdesk.domain.shared.bounds import BODY_MAX, bounded
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page
from helpdesk.domain.support.catalog import tag_named

ARTICLE_FIELDS = Fields(
    {
        "id": KbArticle.id,
        "name": KbArticle.name,
        "dateAdded": KbArticle.created_at,
        "dateUpdated": KbArticle.updated_at,
        "status": KbArticle.is_published,
        "categoryId": KbArticle.category_id,
        "solutionId": select(KbCategory.folder_id)
        .where(KbCategory.id == KbArticle.category_id)
        .correlate(KbArticle)
        .scalar_subquery(),
    }
)


@dataclass(frozen=True, slots=True)
class ArticleDraft:
    """What a write gives; ``None`` leaves a value as it is (or its default, on add)."""

    category_id: int | None = None
    name: str | None = None
    content: str | None = None
    published: bool | None = None


async def list_articles(
    session: AsyncSession, reader: Actor | None, query: ListQuery, search: str | None
) -> Page[KbArticle]:
    """``search`` is full-text: every word, as a prefix, in the title, text or tags."""
    statement = select(KbArticle).where(visible_articles(reader))
    if search:
        statement = statement.where(matching(session, search))
    return await fetch_page(session, statement, ARTICLE_FIELDS, query, primary_key=KbArticle.id)


async def get_article(session: AsyncSession, reader: Actor | None, article_id: int) -> KbArticle:
    article = await session.scalar(
        select(KbArticle).where(KbArticle.id == article_id, visible_articles(reader))
    )
    if article is None:
        raise NotFound(f"Article {article_id} not found.")
    return article


async def add_article(session: AsyncSession, actor: Actor, draft: ArticleDraft) -> KbArticle:
    require_manager(actor)
    if draft.category_id is None:
        raise ValidationFailed.for_field("categoryId", "categoryId is required.")
    article = KbArticle(
        category_id=await _category_for(session, actor, draft.category_id),
        name=title(draft.name),
        content=_content(draft.content or ""),
        is_published=bool(draft.published),
        tags=[],
    )
    session.add(article)
    await session.flush()
    await index_article(session, article)
    return article


async def edit_article(
    session: AsyncSession, actor: Actor, article_id: int, draft: ArticleDraft
) -> KbArticle:
    require_manager(actor)
    article = await get_article(session, actor, article_id)
    if draft.category_id is not None:
        article.category_id = await _category_for(session, actor, draft.category_id)
    if draft.name is not None:
        article.name = title(draft.name)
    if draft.content is not None:
        article.content = _content(draft.content)
    if draft.published is not None:
        article.is_published = draft.published
    await session.flush()
    await session.refresh(article, ["category"])
    await index_article(session, article)
    return article


async def delete_article(session: AsyncSession, actor: Actor, article_id: int) -> None:
    require_manager(actor)
    article = await get_article(session, actor, article_id)
    await forget_articles(session, [article.id])
    await session.delete(article)
    await session.flush()


async def add_tag(session: AsyncSession, actor: Actor, article_id: int, name: str) -> int:
    """The tag (created on first use) on the article; its id."""
    require_manager(actor)
    article = await get_article(session, actor, article_id)
    tag = await tag_named(session, title(name))
    if tag.id not in {existing.id for existing in article.tags}:
        article.tags.append(tag)
        await session.flush()
        await index_article(session, article)
    return tag.id


async def remove_tag(session: AsyncSession, actor: Actor, article_id: int, tag_id: int) -> None:
    require_manager(actor)
    article = await get_article(session, actor, article_id)
    remaining = [tag for tag in article.tags if tag.id != tag_id]
    if len(remaining) == len(article.tags):
        raise NotFound(f"Tag {tag_id} not found on this article.")
    article.tags = remaining
    await session.flush()
    await index_article(session, article)


def _content(html: str) -> str:
    return nh3.clean(bounded("content", html, BODY_MAX)).strip()


async def _category_for(session: AsyncSession, actor: Actor, category_id: int) -> int:
    """A category named in a body: an unknown one is a 400 naming the field."""
    try:
        return (await visible_category(session, actor, category_id)).id
    except NotFound:
        raise ValidationFailed.for_field(
            "categoryId", f"Category {category_id} not found."
        ) from None
