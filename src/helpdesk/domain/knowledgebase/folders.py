"""Solution folders and their categories: list, read, add, edit, delete.

Counts and nested lists hold only what the reader sees: a customer's ``articleCount``
counts published articles, and a private folder is not found to them at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.knowledgebase.access import (
    require_manager,
    visible_articles,
    visible_categories,
    visible_folders,
)
from helpdesk.domain.knowledgebase.models import KbArticle, KbCategory, SolutionFolder, Visibility
from helpdesk.domain.knowledgebase.search import forget_articles
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX, NAME_MAX, bounded
from helpdesk.domain.shared.errors import NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

FOLDER_FIELDS = Fields({"id": SolutionFolder.id, "name": SolutionFolder.name})
CATEGORY_FIELDS = Fields(
    {
        "id": KbCategory.id,
        "name": KbCategory.name,
        "sortOrder": KbCategory.sort_order,
        "solutionId": KbCategory.folder_id,
    }
)


@dataclass(frozen=True, slots=True)
class FolderDraft:
    """What a write gives; ``None`` leaves a value as it is (or its default, on add)."""

    name: str | None = None
    description: str | None = None
    visibility: str | None = None


@dataclass(frozen=True, slots=True)
class CategoryDraft:
    folder_id: int | None = None
    name: str | None = None
    description: str | None = None
    sort_order: int | None = None


@dataclass(frozen=True, slots=True)
class FolderSummary:
    folder: SolutionFolder
    categories: Sequence[KbCategory]
    articles: int


@dataclass(frozen=True, slots=True)
class CategorySummary:
    category: KbCategory
    articles: int


def title(value: str | None, field: str = "name") -> str:
    """A name or title: one line of plain text, required."""
    text = (value or "").strip()
    if not text:
        raise ValidationFailed.for_field(field, f"{field} is required.")
    if any(char in text for char in "\r\n"):
        raise ValidationFailed.for_field(field, f"{field} must be one line.")
    return bounded(field, text, NAME_MAX)


def _visibility(value: str) -> str:
    try:
        return Visibility(value.strip().lower()).value
    except ValueError:
        raise ValidationFailed.for_field(
            "visibility", "visibility must be public or private."
        ) from None


def _description(value: str | None) -> str | None:
    return None if value is None else bounded("description", value.strip(), DESCRIPTION_MAX)


# Folders.


async def list_folders(
    session: AsyncSession, reader: Actor | None, query: ListQuery
) -> Page[FolderSummary]:
    statement = select(SolutionFolder).where(visible_folders(reader))
    page = await fetch_page(session, statement, FOLDER_FIELDS, query, primary_key=SolutionFolder.id)
    summaries = await _summaries(session, reader, page.items)
    return Page(items=summaries, total=page.total, offset=page.offset, limit=page.limit)


async def get_folder(session: AsyncSession, reader: Actor | None, folder_id: int) -> FolderSummary:
    folder = await _visible_folder(session, reader, folder_id)
    [summary] = await _summaries(session, reader, [folder])
    return summary


async def add_folder(session: AsyncSession, actor: Actor, draft: FolderDraft) -> SolutionFolder:
    require_manager(actor)
    folder = SolutionFolder(
        name=title(draft.name),
        description=_description(draft.description),
        visibility=_visibility(draft.visibility or Visibility.PUBLIC.value),
    )
    session.add(folder)
    await session.flush()
    return folder


async def edit_folder(
    session: AsyncSession, actor: Actor, folder_id: int, draft: FolderDraft
) -> SolutionFolder:
    require_manager(actor)
    folder = await _visible_folder(session, actor, folder_id)
    if draft.name is not None:
        folder.name = title(draft.name)
    if draft.description is not None:
        folder.description = _description(draft.description)
    if draft.visibility is not None:
        folder.visibility = _visibility(draft.visibility)
    await session.flush()
    return folder


async def delete_folder(session: AsyncSession, actor: Actor, folder_id: int) -> None:
    """The folder goes with its categories and their articles."""
    require_manager(actor)
    folder = await _visible_folder(session, actor, folder_id)
    articles = await session.scalars(
        select(KbArticle.id)
        .join(KbCategory, KbCategory.id == KbArticle.category_id)
        .where(KbCategory.folder_id == folder_id)
    )
    await forget_articles(session, list(articles))
    await session.delete(folder)
    await session.flush()


async def _visible_folder(
    session: AsyncSession, reader: Actor | None, folder_id: int
) -> SolutionFolder:
    folder = await session.scalar(
        select(SolutionFolder).where(SolutionFolder.id == folder_id, visible_folders(reader))
    )
    if folder is None:
        raise NotFound(f"Folder {folder_id} not found.")
    return folder


async def _summaries(
    session: AsyncSession, reader: Actor | None, folders: Sequence[SolutionFolder]
) -> list[FolderSummary]:
    """Each folder's visible categories and article count: two statements for any page."""
    ids = [folder.id for folder in folders]
    if not ids:
        return []
    categories = await session.scalars(
        select(KbCategory)
        .where(KbCategory.folder_id.in_(ids), visible_categories(reader))
        .order_by(KbCategory.sort_order, KbCategory.id)
    )
    by_folder: dict[int, list[KbCategory]] = {}
    for category in categories:
        by_folder.setdefault(category.folder_id, []).append(category)
    counts: dict[int, int] = dict(
        (
            await session.execute(
                select(KbCategory.folder_id, func.count(KbArticle.id))
                .select_from(KbArticle)
                .join(KbCategory, KbCategory.id == KbArticle.category_id)
                .where(KbCategory.folder_id.in_(ids), visible_articles(reader))
                .group_by(KbCategory.folder_id)
            )
        ).all()
    )
    return [
        FolderSummary(folder, by_folder.get(folder.id, []), counts.get(folder.id, 0))
        for folder in folders
    ]


# Categories.


async def list_categories(
    session: AsyncSession, reader: Actor | None, query: ListQuery
) -> Page[CategorySummary]:
    statement = select(KbCategory).where(visible_categories(reader))
    page = await fetch_page(session, statement, CATEGORY_FIELDS, query, primary_key=KbCategory.id)
    counts = await _article_counts(session, reader, [category.id for category in page.items])
    return Page(
        items=[CategorySummary(c, counts.get(c.id, 0)) for c in page.items],
        total=page.total,
        offset=page.offset,
        limit=page.limit,
    )


async def get_category(
    session: AsyncSession, reader: Actor | None, category_id: int
) -> CategorySummary:
    category = await visible_category(session, reader, category_id)
    counts = await _article_counts(session, reader, [category.id])
    return CategorySummary(category, counts.get(category.id, 0))


async def add_category(session: AsyncSession, actor: Actor, draft: CategoryDraft) -> KbCategory:
    require_manager(actor)
    if draft.folder_id is None:
        raise ValidationFailed.for_field("solutionId", "solutionId is required.")
    category = KbCategory(
        folder_id=await _folder_for(session, actor, draft.folder_id),
        name=title(draft.name),
        description=_description(draft.description),
        sort_order=draft.sort_order or 0,
    )
    session.add(category)
    await session.flush()
    return category


async def edit_category(
    session: AsyncSession, actor: Actor, category_id: int, draft: CategoryDraft
) -> KbCategory:
    require_manager(actor)
    category = await visible_category(session, actor, category_id)
    if draft.folder_id is not None:
        category.folder_id = await _folder_for(session, actor, draft.folder_id)
    if draft.name is not None:
        category.name = title(draft.name)
    if draft.description is not None:
        category.description = _description(draft.description)
    if draft.sort_order is not None:
        category.sort_order = draft.sort_order
    await session.flush()
    return category


async def delete_category(session: AsyncSession, actor: Actor, category_id: int) -> None:
    """The category goes with its articles."""
    require_manager(actor)
    category = await visible_category(session, actor, category_id)
    articles = await session.scalars(
        select(KbArticle.id).where(KbArticle.category_id == category_id)
    )
    await forget_articles(session, list(articles))
    await session.delete(category)
    await session.flush()


async def visible_category(
    session: AsyncSession, reader: Actor | None, category_id: int
) -> KbCategory:
    category = await session.scalar(
        select(KbCategory).where(KbCategory.id == category_id, visible_categories(reader))
    )
    if category is None:
        raise NotFound(f"Category {category_id} not found.")
    return category


async def _folder_for(session: AsyncSession, actor: Actor, folder_id: int) -> int:
    """A folder named in a body: an unknown one is a 400 naming the field."""
    found = await session.scalar(
        select(SolutionFolder.id).where(SolutionFolder.id == folder_id, visible_folders(actor))
    )
    if found is None:
        raise ValidationFailed.for_field("solutionId", f"Folder {folder_id} not found.")
    return found


async def _article_counts(
    session: AsyncSession, reader: Actor | None, category_ids: Sequence[int]
) -> dict[int, int]:
    if not category_ids:
        return {}
    rows = await session.execute(
        select(KbArticle.category_id, func.count(KbArticle.id))
        .where(KbArticle.category_id.in_(category_ids), visible_articles(reader))
        .group_by(KbArticle.category_id)
    )
    return dict(rows.all())
