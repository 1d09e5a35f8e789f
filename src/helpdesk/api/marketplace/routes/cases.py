"""Cases at /public/v1/helpdesk/cases (no delete: cases are a record)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Body

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.case_views import CaseCreate, CaseUpdate, QueryBody, case_view
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.domain.cases import service

router = APIRouter(prefix="/public/v1/helpdesk/cases", tags=["Marketplace: cases"])


@router.get("", responses=ok(schemas.CaseCollection))
async def list_cases(params: CollectionParams, actor: MarketplaceActor, session: DbSession) -> Any:
    page = await service.list_cases(session, actor, params.query)
    return envelope(page, lambda found: case_view(found, actor), params.selection)


@router.post("", status_code=201, responses=created(schemas.Case))
async def create_case(body: CaseCreate, actor: MarketplaceActor, session: DbSession) -> Any:
    return case_view(await service.file_case(session, actor, body.command()), actor)


@router.get("/{case_id}", responses=ok(schemas.Case))
async def get_case(case_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return case_view(await service.get_case(session, actor, case_id), actor)


@router.put("/{case_id}", responses=ok(schemas.Case))
async def update_case(
    case_id: str, body: CaseUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    return case_view(await service.change_case(session, actor, case_id, body.changes()), actor)


@router.post("/{case_id}/query", responses=ok(schemas.Case))
async def query_case(
    case_id: str,
    actor: MarketplaceActor,
    session: DbSession,
    body: QueryBody | None = Body(default=None),
) -> Any:
    prompt = body.queryPrompt if body else None
    return case_view(await service.move_case(session, actor, case_id, "query", prompt), actor)


@router.post("/{case_id}/process", responses=ok(schemas.Case))
async def process_case(case_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return case_view(await service.move_case(session, actor, case_id, "process"), actor)


@router.post("/{case_id}/complete", responses=ok(schemas.Case))
async def complete_case(case_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return case_view(await service.move_case(session, actor, case_id, "complete"), actor)
