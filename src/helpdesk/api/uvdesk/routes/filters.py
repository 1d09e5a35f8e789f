"""``/api/filters.json``: the option lists a ticket filter form needs, each on request."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.ticket_views import mailbox_choices_view, reference_view
from helpdesk.domain.identity.models import User
from helpdesk.domain.mailboxes.service import mailbox_choices
from helpdesk.domain.support.reference import filter_choices

router = APIRouter(tags=["UVdesk: filters"])

SOURCES = {"email": "Email", "website": "Website", "facebook": "Facebook", "twitter": "Twitter"}


def people_view(users: list[User] | None) -> list[dict[str, Any]]:
    return [{"id": u.id, "name": u.full_name, "email": u.email} for u in users or []]


@router.get("/api/filters.json", responses=ok(schemas.FilterLists))
async def filters(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    asked = set(request.query_params)
    choices = await filter_choices(
        session, actor, tags="tag" in asked, agents="agent" in asked, customers="customer" in asked
    )
    lists = reference_view(choices.lists)
    answer: dict[str, Any] = {}
    if "group" in asked:
        answer["group"] = [{"id": g["id"], "name": g["name"]} for g in lists["group"]]
    if "usergroup" in asked:
        answer["usergroup"] = lists["group"]
    for name in ("team", "type", "priority", "status"):
        if name in asked:
            answer[name] = lists[name]
    if "tag" in asked:
        answer["tag"] = [{"id": tag.id, "name": tag.name} for tag in choices.tags or []]
    if "mailbox" in asked:
        answer["mailbox"] = mailbox_choices_view(await mailbox_choices(session, actor))
    if "agent" in asked:
        answer["agent"] = people_view(choices.agents)
    if "customer" in asked:
        answer["customer"] = people_view(choices.customers)
    if "source" in asked:
        answer["source"] = SOURCES
    if "userdata" in asked and actor.support is not None:
        answer["userdata"] = {"id": actor.user_id, "roles": [str(actor.support.role)]}
    return answer
