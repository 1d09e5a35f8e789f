"""``GET /api/me.json``: the logged-in user with its role instances."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.wire import php_datetime
from helpdesk.domain.identity.models import SupportRole, User, UserInstance
from helpdesk.domain.identity.service import profile_of

router = APIRouter(tags=["UVdesk: members"])

ROLE_IDS = {
    SupportRole.SUPER_ADMIN: (1, "Account Owner"),
    SupportRole.ADMIN: (2, "Administrator"),
    SupportRole.AGENT: (3, "Agent"),
    SupportRole.CUSTOMER: (4, "Customer"),
}


def instance_view(user: User, instance: UserInstance) -> dict[str, Any]:
    role_id, role_name = ROLE_IDS[SupportRole(instance.role)]
    return {
        "id": instance.id,
        "companyId": 1,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "jobTitle": instance.job_title or "",
        "createdAt": php_datetime(instance.created_at),
        "updatedAt": php_datetime(instance.updated_at),
        "isActive": instance.is_active,
        "isVerified": instance.is_verified,
        "isStarred": instance.is_starred,
        "contactNumber": instance.contact_number,
        "source": instance.source,
        "facebook": None,
        "twitter": None,
        "signature": instance.signature,
        "agentPrivilege": instance.privileges[0].id if instance.privileges else None,
        "defaultFiltering": None,
        "ticketView": instance.ticket_view,
        "authorisedClients": [],
        "activityNotifications": None,
        "userRole": {"id": role_id, "role": str(instance.role), "name": role_name},
    }


@router.get("/api/me.json", responses=ok(schemas.Me))
async def me(actor: UvdeskActor, session: DbSession) -> Any:
    user, instances = await profile_of(session, actor)
    return {
        "id": user.id,
        "email": user.email,
        "profileImage": None,
        "isEmailPending": False,
        "timezone": user.timezone or "UTC",
        "data": [instance_view(user, instance) for instance in instances],
        "roles": [str(instance.role) for instance in instances],
    }
