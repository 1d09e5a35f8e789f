"""Forms at /public/v1/helpdesk/forms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.config_views import FormCreate, FormUpdate, form_view
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.domain.forms import service

router = APIRouter(prefix="/public/v1/helpdesk/forms", tags=["Marketplace: forms"])


@router.get("", responses=ok(schemas.FormCollection))
async def list_forms(params: CollectionParams, actor: MarketplaceActor, session: DbSession) -> Any:
    page = await service.list_forms(session, actor, params.query)
    return envelope(page, form_view, params.selection)


@router.post("", status_code=201, responses=created(schemas.Form))
async def create_form(body: FormCreate, actor: MarketplaceActor, session: DbSession) -> Any:
    account = body.account.id if body.account else None
    form = await service.create_form(session, actor, body.values(), body.placements(), account)
    return form_view(form)


@router.get("/{form_id}", responses=ok(schemas.Form))
async def get_form(form_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return form_view(await service.get_form(session, actor, form_id))


@router.put("/{form_id}", responses=ok(schemas.Form))
async def update_form(
    form_id: str, body: FormUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    form = await service.change_form(session, actor, form_id, body.values(), body.placements())
    return form_view(form)


@router.delete("/{form_id}", status_code=204)
async def delete_form(form_id: str, actor: MarketplaceActor, session: DbSession) -> Response:
    await service.delete_form(session, actor, form_id)
    return Response(status_code=204)


@router.post("/{form_id}/publish", responses=ok(schemas.Form))
async def publish_form(form_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return form_view(await service.publish_form(session, actor, form_id))


@router.post("/{form_id}/unpublish", responses=ok(schemas.Form))
async def unpublish_form(form_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return form_view(await service.unpublish_form(session, actor, form_id))
