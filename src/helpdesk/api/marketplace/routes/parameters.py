"""Parameter definitions at /public/v1/helpdesk/parameters."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.config_views import ParameterCreate, ParameterUpdate, parameter_view
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.domain.cases.statistics import parameter_statistics
from helpdesk.domain.forms import parameters as service
from helpdesk.domain.forms.models import ParameterDefinition
from helpdesk.domain.kernel.actor import Actor

router = APIRouter(prefix="/public/v1/helpdesk/parameters", tags=["Marketplace: parameters"])


async def _view(
    session: DbSession, actor: Actor, definition: ParameterDefinition
) -> dict[str, Any]:
    statistics = await parameter_statistics(session, actor, [definition.id])
    return parameter_view(definition, statistics[definition.id])


@router.get("", responses=ok(schemas.ParameterCollection))
async def list_parameters(
    params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    page = await service.list_parameters(session, actor, params.query)
    statistics = await parameter_statistics(session, actor, [d.id for d in page.items])
    return envelope(page, lambda d: parameter_view(d, statistics[d.id]), params.selection)


@router.post("", status_code=201, responses=created(schemas.Parameter))
async def create_parameter(
    body: ParameterCreate, actor: MarketplaceActor, session: DbSession
) -> Any:
    account = body.account.id if body.account else None
    return await _view(
        session, actor, await service.define_parameter(session, actor, body.values(), account)
    )


@router.get("/{parameter_id}", responses=ok(schemas.Parameter))
async def get_parameter(parameter_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return await _view(session, actor, await service.get_parameter(session, actor, parameter_id))


@router.put("/{parameter_id}", responses=ok(schemas.Parameter))
async def update_parameter(
    parameter_id: str, body: ParameterUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    definition = await service.change_parameter(session, actor, parameter_id, body.values())
    return await _view(session, actor, definition)


@router.delete("/{parameter_id}", status_code=204)
async def delete_parameter(
    parameter_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_parameter(session, actor, parameter_id)
    return Response(status_code=204)
