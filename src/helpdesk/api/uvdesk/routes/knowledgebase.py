"""Knowledge base folders (``/api/solutions.json``, ``/api/solution/{id}.json``) and their
categories (``/api/categories.json``, ``/api/category/{id}.json``).

The seed documents the folder routes (its "get collection" example says POST; here GET
lists and POST adds, spec/uvdesk.md). Categories follow the same shapes. Reads are open to
customers and anonymous visitors, who see public folders only (docs/decisions.md).
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
from helpdesk.domain.knowledgebase import folders as service
from helpdesk.domain.shared.bounds import DESCRIPTION_MAX

router = APIRouter(tags=["UVdesk: knowledge base"])

# The seed: sort (id|name) ASC|DESC, default id (shown newest first); search by name.
FOLDERS = ListSpec(
    per_page=10, sorts={"id": "id", "name": "name"}, search=("name",), newest_first=True
)
CATEGORIES = ListSpec(
    per_page=10,
    default_sort="sortOrder",
    sorts={"id": "id", "name": "name", "sortorder": "sortOrder"},
    search=("name",),
    ids={"solutionId": "solutionId"},
)
FOLDER_BODY = Body(
    Read.text("name"), Read.text("description", DESCRIPTION_MAX), Read.text("visibility")
)
CATEGORY_BODY = Body(
    Read.integer("solutionId"),
    Read.text("name"),
    Read.text("description", DESCRIPTION_MAX),
    Read.integer("sortOrder"),
)


def folder_view(summary: service.FolderSummary) -> dict[str, Any]:
    folder = summary.folder
    return {
        "id": folder.id,
        "name": folder.name,
        "description": folder.description,
        "visibility": folder.visibility,
        "solutionImage": "",
        "categoriesCount": str(len(summary.categories)),
        "categories": [{"id": c.id, "name": c.name} for c in summary.categories],
        "articleCount": str(summary.articles),
    }


def category_view(summary: service.CategorySummary) -> dict[str, Any]:
    category = summary.category
    return {
        "id": category.id,
        "name": category.name,
        "description": category.description,
        "sortOrder": category.sort_order,
        "solutionId": category.folder_id,
        "articleCount": str(summary.articles),
    }


def folder_draft(fields: Fields) -> service.FolderDraft:
    return service.FolderDraft(
        name=fields.text("name"),
        description=fields.text("description", DESCRIPTION_MAX),
        visibility=fields.text("visibility"),
    )


def category_draft(fields: Fields) -> service.CategoryDraft:
    return service.CategoryDraft(
        folder_id=fields.integer("solutionId"),
        name=fields.text("name"),
        description=fields.text("description", DESCRIPTION_MAX),
        sort_order=fields.integer("sortOrder"),
    )


@router.get("/api/solutions.json", responses=ok(schemas.SolutionFolderPage))
async def list_folders(
    reader: UvdeskReader, session: DbSession, listing: UvdeskList = Depends(FOLDERS)
) -> Any:
    page = await service.list_folders(session, reader, listing.query)
    return {
        "results": [folder_view(item) for item in page.items],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.post("/api/solutions.json", responses=ok(schemas.KbOutcome), openapi_extra=FOLDER_BODY)
async def add_folder(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    folder = await service.add_folder(session, actor, folder_draft(await read_fields(request)))
    return {"id": folder.id, "msg": "Success! Folder has been created successfully."}


@router.get("/api/solution/{folder_id:id}.json", responses=ok(schemas.SolutionFolderView))
async def get_folder(folder_id: int, reader: UvdeskReader, session: DbSession) -> Any:
    return folder_view(await service.get_folder(session, reader, folder_id))


@router.put(
    "/api/solution/{folder_id:id}.json", responses=ok(schemas.KbOutcome), openapi_extra=FOLDER_BODY
)
async def edit_folder(
    folder_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    draft = folder_draft(await read_fields(request))
    folder = await service.edit_folder(session, actor, folder_id, draft)
    return {"id": folder.id, "msg": "Success! Folder has been updated successfully."}


@router.delete("/api/solution/{folder_id:id}.json", responses=ok(schemas.Outcome))
async def delete_folder(folder_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_folder(session, actor, folder_id)
    return {"message": "Success! Folder has been deleted successfully."}


@router.get("/api/categories.json", responses=ok(schemas.KbCategoryPage))
async def list_categories(
    reader: UvdeskReader, session: DbSession, listing: UvdeskList = Depends(CATEGORIES)
) -> Any:
    page = await service.list_categories(session, reader, listing.query)
    return {
        "results": [category_view(item) for item in page.items],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.post("/api/categories.json", responses=ok(schemas.KbOutcome), openapi_extra=CATEGORY_BODY)
async def add_category(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    draft = category_draft(await read_fields(request))
    category = await service.add_category(session, actor, draft)
    return {"id": category.id, "msg": "Success! Category has been created successfully."}


@router.get("/api/category/{category_id:id}.json", responses=ok(schemas.KbCategoryView))
async def get_category(category_id: int, reader: UvdeskReader, session: DbSession) -> Any:
    return category_view(await service.get_category(session, reader, category_id))


@router.put(
    "/api/category/{category_id:id}.json",
    responses=ok(schemas.KbOutcome),
    openapi_extra=CATEGORY_BODY,
)
async def edit_category(
    category_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    draft = category_draft(await read_fields(request))
    category = await service.edit_category(session, actor, category_id, draft)
    return {"id": category.id, "msg": "Success! Category has been updated successfully."}


@router.delete("/api/category/{category_id:id}.json", responses=ok(schemas.Outcome))
async def delete_category(category_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.delete_category(session, actor, category_id)
    return {"message": "Success! Category has been deleted successfully."}
