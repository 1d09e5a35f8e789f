"""``GET /api/me.json``: the logged-in user with its role instances."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.people_views import instance_view
from helpdesk.domain.identity.models import User, UserInstance
from helpdesk.domain.identity.service import profile_of
from helpdesk.domain.support.company import company_timezone

router = APIRouter(tags=["UVdesk: members"])


def own_instance_view(user: User, instance: UserInstance, timezone: str) -> dict[str, Any]:
    """As member views show it, except that ``/me`` names one privilege set by its number
    (the seed: ``"agentPrivilege": 8``)."""
    view = instance_view(user, instance, timezone)
    view["agentPrivilege"] = instance.privileges[0].id if instance.privileges else None
    return view


@router.get("/api/me.json", responses=ok(schemas.Me))
async def me(actor: UvdeskActor, session: DbSession) -> Any:
    user, instances = await profile_of(session, actor)
    timezone = await company_timezone(session)
    return {
        "id": user.id,
        "email": user.email,
        "profileImage": None,
        "isEmailPending": False,
        "timezone": user.timezone or "UTC",
        "data": [own_instance_view(user, instance, timezone) for instance in instances],
        "roles": [str(instance.role) for instance in instances],
    }
