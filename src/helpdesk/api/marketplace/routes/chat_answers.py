"""Form answers in a chat at /public/v1/helpdesk/chats/{chatId}/answers."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from helpdesk.api.common.documented import created, ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.bodies import json_body, parse_model
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.api.marketplace.parameter_values import value_view
from helpdesk.api.marketplace.wire import ObjectRef, audit
from helpdesk.domain.answers import service
from helpdesk.domain.answers.models import ChatAnswer
from helpdesk.domain.chats.service import get_chat
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.bounds import NAME_MAX

router = APIRouter(
    prefix="/public/v1/helpdesk/chats/{chat_id}/answers", tags=["Marketplace: chat answers"]
)


class AnswerUpdate(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    parameters: list[dict[str, Any]] | None = None


class AnswerCreate(AnswerUpdate):
    form: ObjectRef


def answer_view(found: service.Checked, chat_id: str) -> dict[str, Any]:
    answer = found.answer
    return {
        "id": answer.public_id,
        "name": answer.name,
        "chat": {"id": chat_id},
        "form": {"id": answer.form.public_id, "name": answer.form.name},
        "status": answer.status,
        "parameters": [value_view(d, value, problem) for d, value, problem in found.rows],
        "revision": answer.revision,
        "audit": audit(answer.audit),
    }


def plain(actor: Actor, answer: ChatAnswer, chat_id: str) -> dict[str, Any]:
    return answer_view(service.checked(actor, answer), chat_id)


async def optional_values(request: Request) -> list[dict[str, Any]] | None:
    raw = await json_body(request)
    return (await parse_model(AnswerUpdate, raw or {})).parameters


@router.get("", responses=ok(schemas.AnswerCollection))
async def list_answers(
    chat_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    page = await service.list_answers(session, actor, chat_id, params.query)
    return envelope(page, lambda answer: plain(actor, answer, chat_id), params.selection)


@router.post("", status_code=201, responses=created(schemas.Answer))
async def create_answer(
    chat_id: str, body: AnswerCreate, actor: MarketplaceActor, session: DbSession
) -> Any:
    answer = await service.start_answer(
        session, actor, chat_id, body.form.id, name=body.name, given=body.parameters or []
    )
    return plain(actor, answer, chat_id)


@router.get("/{answer_id}", responses=ok(schemas.Answer))
async def get_answer(
    chat_id: str, answer_id: str, actor: MarketplaceActor, session: DbSession
) -> Any:
    return plain(actor, await service.get_answer(session, actor, chat_id, answer_id), chat_id)


@router.put("/{answer_id}", responses=ok(schemas.Answer))
async def update_answer(
    chat_id: str, answer_id: str, body: AnswerUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    answer = await service.change_answer(
        session, actor, chat_id, answer_id, name=body.name, given=body.parameters
    )
    return plain(actor, answer, chat_id)


@router.delete("/{answer_id}", status_code=204)
async def delete_answer(
    chat_id: str, answer_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_answer(session, actor, chat_id, answer_id)
    return Response(status_code=204)


@router.post("/{answer_id}/submit", responses=ok(schemas.Answer))
async def submit_answer(
    chat_id: str, answer_id: str, request: Request, actor: MarketplaceActor, session: DbSession
) -> Any:
    given = await optional_values(request)
    answer = await service.move_answer(session, actor, chat_id, answer_id, "submit", given=given)
    return plain(actor, answer, chat_id)


@router.post("/{answer_id}/accept", responses=ok(schemas.Answer))
async def accept_answer(
    chat_id: str, answer_id: str, actor: MarketplaceActor, session: DbSession
) -> Any:
    answer = await service.move_answer(session, actor, chat_id, answer_id, "accept")
    return plain(actor, answer, chat_id)


@router.post("/{answer_id}/query", responses=ok(schemas.Answer))
async def query_answer(
    chat_id: str, answer_id: str, actor: MarketplaceActor, session: DbSession
) -> Any:
    answer = await service.move_answer(session, actor, chat_id, answer_id, "query")
    return plain(actor, answer, chat_id)


@router.post("/{answer_id}/validate", responses=ok(schemas.Answer))
async def validate_answer(
    chat_id: str, answer_id: str, request: Request, actor: MarketplaceActor, session: DbSession
) -> Any:
    await get_chat(session, actor, chat_id)
    given = await optional_values(request)
    found = await service.validate_answer(session, actor, chat_id, answer_id, given)
    return answer_view(found, chat_id)
