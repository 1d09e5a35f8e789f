"""``/api/filters.json``: the option lists a ticket filter form needs, each on request."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from sqlalchemy import select

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.ticket_views import reference_lists
from helpdesk.domain.identity.models import SupportRole, User, UserInstance
from helpdesk.domain.support.access import require_staff
from helpdesk.domain.support.models import SupportTag

router = APIRouter(tags=["UVdesk: filters"])

SOURCES = {"email": "Email", "website": "Website", "facebook": "Facebook", "twitter": "Twitter"}
STAFF = (SupportRole.SUPER_ADMIN, SupportRole.ADMIN, SupportRole.AGENT)


async def _people(session: DbSession, roles: tuple[SupportRole, ...]) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(User)
        .join(UserInstance, UserInstance.user_id == User.id)
        .where(UserInstance.role.in_(roles), UserInstance.is_active.is_(True))
        .distinct()
        .order_by(User.id)
    )
    return [{"id": u.id, "name": u.full_name, "email": u.email} for u in rows.scalars()]


@router.get("/api/filters.json", responses=ok(schemas.FilterLists))
async def filters(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    require_staff(actor)
    asked = set(request.query_params)
    lists = await reference_lists(session)
    answer: dict[str, Any] = {}
    if "group" in asked:
        answer["group"] = [{"id": g["id"], "name": g["name"]} for g in lists["group"]]
    if "usergroup" in asked:
        answer["usergroup"] = lists["group"]
    for name in ("team", "type", "priority", "status"):
        if name in asked:
            answer[name] = lists[name]
    if "tag" in asked:
        tags = await session.scalars(select(SupportTag).order_by(SupportTag.name))
        answer["tag"] = [{"id": tag.id, "name": tag.name} for tag in tags]
    if "mailbox" in asked:
        answer["mailbox"] = []
    if "agent" in asked:
        answer["agent"] = await _people(session, STAFF)
    if "customer" in asked:
        answer["customer"] = await _people(session, (SupportRole.CUSTOMER,))
    if "source" in asked:
        answer["source"] = SOURCES
    if "userdata" in asked and actor.support is not None:
        answer["userdata"] = {"id": actor.user_id, "roles": [str(actor.support.role)]}
    return answer
