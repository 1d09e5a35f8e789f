"""Knowledge base articles (``/api/articles.json``, ``/api/article/{id}.json``) and the
seed's article tag routes (``/api/article/{id}/tags.json``).

``search`` is full-text (title, text and tags, every word as a prefix). Reads are open to
customers and anonymous visitors, who see published articles of public folders only.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor, UvdeskReader
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.wire import formatted
from helpdesk.domain.knowledgebase import articles as service
from helpdesk.domain.knowledgebase.models import KbArticle
from helpdesk.domain.shared.bounds import BODY_MAX
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.support.company import company_timezone

router = APIRouter(tags=["UVdesk: knowledge base"])

# UVdesk's article list: sort a.name|a.dateAdded (default id, newest first); status,
# categoryId and solutionId filters; search is the full-text index here.
ARTICLES = ListSpec(
    per_page=10,
    sorts={"id": "id", "name": "name", "dateadded": "dateAdded", "dateupdated": "dateUpdated"},
    states={"status": "status"},
    ids={"categoryId": "categoryId", "solutionId": "solutionId"},
    newest_first=True,
)
ARTICLE_BODY = Body(
    Read.text("status"),  # 0 (draft) or 1 (published)
    Read.integer("categoryId"),
    Read.text("name"),
    Read.text("content", BODY_MAX),
)
TAG_BODY = Body(Read.required_text("name"))
UNTAG_BODY = Body(Read.integer("id"), Read.integer("tagId"))


def article_row(article: KbArticle, timezone: str) -> dict[str, Any]:
    return {
        "id": article.id,
        "name": article.name,
        "status": int(article.is_published),
        "dateAdded": formatted(article.created_at, timezone),
        "dateUpdated": formatted(article.updated_at, timezone),
        "solutionId": article.category.folder_id,
        "categories": [{"id": article.category.id, "name": article.category.name}],
    }


def article_view(article: KbArticle, timezone: str) -> dict[str, Any]:
    return {
        **article_row(article, timezone),
        "content": article.content,
        "tags": [{"id": tag.id, "name": tag.name} for tag in article.tags],
    }


def article_draft(fields: Fields) -> service.ArticleDraft:
    status = fields.text("status")
    published = None
    if status is not None:
        if status.strip() not in ("0", "1"):
            raise ValidationFailed.for_field("status", "status must be 0 (draft) or 1.")
        published = status.strip() == "1"
    return service.ArticleDraft(
        category_id=fields.integer("categoryId"),
        name=fields.text("name"),
        content=fields.text("content", BODY_MAX),
        published=published,
    )


@router.get("/api/articles.json", responses=ok(schemas.KbArticlePage))
async def list_articles(
    reader: UvdeskReader, session: DbSession, listing: UvdeskList = Depends(ARTICLES)
) -> Any:
    page = await service.list_articles(session, reader, listing.query, listing.search)
    timezone = await company_timezone(session)
    return {
        "results": [article_row(item, timezone) for item in page.items],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.post("/api/articles.json", responses=ok(schemas.KbOutcome), openapi_extra=ARTICLE_BODY)
async def add_article(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    article = await service.add_article(session, actor, article_draft(await read_fields(request)))
    return {"id": article.id, "msg": "Success! Article has been created successfully."}


@router.get("/api/article/{article_id:id}.json", responses=ok(schemas.KbArticleView))
async def get_article(article_id: int, reader: UvdeskReader, session: DbSession) -> Any:
    article = await service.get_article(session, reader, article_id)
    return article_view(article, await company_timezone(session))


@router.put(
    "/api/article/{article_id:id}.json", responses=ok(schemas.KbOutcome), openapi_extra=ARTICLE_BODY
)
async def edit_article(
    article_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    draft = article_draft(await read_fields(request))
    article = await service.edit_article(session, actor, article_id, draft)
    return {"id": article.id, "msg": "Success! Article has been updated successfully."}


@router.delete("/api/article/{article_id:id}.json", responses=ok(schemas.Outcome))
async def delete_article(article_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_article(session, actor, article_id)
    return {"message": "Success! Article has been deleted successfully."}


@router.post(
    "/api/article/{article_id:id}/tags.json",
    responses=ok(schemas.KbTagAdded),
    openapi_extra=TAG_BODY,
)
async def add_tag(article_id: int, request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    tag_id = await service.add_tag(session, actor, article_id, fields.required_text("name"))
    return {"id": tag_id, "message": "Success ! Tag added successfully."}


@router.delete(
    "/api/article/{article_id:id}/tags.json",
    responses=ok(schemas.Outcome),
    openapi_extra=UNTAG_BODY,
)
async def remove_tag(
    article_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    tag_id = fields.integer("id") or fields.integer("tagId")
    if tag_id is None:
        fields.required_text("id")
    await service.remove_tag(session, actor, article_id, tag_id or 0)
    return {"message": "Success ! Tag unassigned successfully."}
