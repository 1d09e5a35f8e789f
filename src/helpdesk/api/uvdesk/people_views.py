"""People as UVdesk shows them: a user's role instances and the person objects of tickets,
threads and collaborators (with each role instance under ``detail``)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from helpdesk.api.uvdesk.wire import php_datetime
from helpdesk.domain.identity.models import SupportRole, User, UserInstance

ROLE_IDS = {
    SupportRole.SUPER_ADMIN: (1, "Account Owner"),
    SupportRole.ADMIN: (2, "Administrator"),
    SupportRole.AGENT: (3, "Agent"),
    SupportRole.CUSTOMER: (4, "Customer"),
}


def role_ref(instance: UserInstance) -> dict[str, Any]:
    role_id, role_name = ROLE_IDS[SupportRole(instance.role)]
    return {"id": role_id, "role": str(instance.role), "name": role_name}


def privilege_ids(instance: UserInstance) -> list[str]:
    """Every privilege set of the instance, as the seed's array of id strings (``["5"]``)."""
    return [str(privilege.id) for privilege in instance.privileges]


def instance_view(user: User, instance: UserInstance, timezone: str) -> dict[str, Any]:
    """A role instance as ``/me``, member and customer views list it under ``data``; dates
    in the company's timezone, as every UVdesk date."""
    return {
        "id": instance.id,
        "companyId": 1,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "jobTitle": instance.job_title or "",
        "createdAt": php_datetime(instance.created_at, timezone),
        "updatedAt": php_datetime(instance.updated_at, timezone),
        "isActive": instance.is_active,
        "isVerified": instance.is_verified,
        "isStarred": instance.is_starred,
        "contactNumber": instance.contact_number,
        "source": instance.source,
        "facebook": None,
        "twitter": None,
        "signature": instance.signature,
        "agentPrivilege": privilege_ids(instance),
        "defaultFiltering": None,
        "ticketView": instance.ticket_view,
        "authorisedClients": [],
        "activityNotifications": None,
        "userRole": role_ref(instance),
    }


def instance_detail(user: User, instance: UserInstance) -> dict[str, Any]:
    """A role instance inside a person's ``detail`` (the union of the seed's two shapes:
    ticket customers and thread authors)."""
    return {
        "id": instance.id,
        "companyId": 1,
        "userRole": role_ref(instance),
        "firstName": user.first_name,
        "lastName": user.last_name,
        "name": user.full_name,
        "isActive": instance.is_active,
        "isStarred": instance.is_starred,
        "user": user.id,
        "signature": instance.signature,
        "userSavedFilters": [],
        "defaultFiltering": None,
        "managerGroup": None,
        "subGroup": [],
        "managerSubGroup": [],
        "agentPrivilege": privilege_ids(instance),
        "ticketView": instance.ticket_view,
        "sessionId": None,
        "isVerified": instance.is_verified,
        "source": instance.source,
        "authorisedClients": [],
        "activityNotifications": None,
    }


def detail_key(instance: UserInstance) -> str:
    return "customer" if instance.role == SupportRole.CUSTOMER else "agent"


def person_view(user: User, instances: Sequence[UserInstance]) -> dict[str, Any]:
    """A person on a ticket, a thread or as a collaborator. ``detail`` holds one entry per
    side the user is on (``agent``, ``customer``); ``role`` is the staff role if any."""
    detail: dict[str, Any] = {}
    for instance in instances:
        detail.setdefault(detail_key(instance), instance_detail(user, instance))
    staff = [i for i in instances if i.role != SupportRole.CUSTOMER]
    main = staff[0] if staff else (instances[0] if instances else None)
    return {
        "id": user.id,
        "email": user.email,
        "profileImage": None,
        "smallThumbnail": None,
        "enabled": user.is_active,
        "role": str(main.role) if main else None,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "name": user.full_name,
        "contactNumber": next((i.contact_number for i in instances if i.contact_number), None),
        "timezone": user.timezone,
        "passwordLegal": None,
        "passwordObvious": False,
        "detail": detail,
        "managerGroup": [],
        "teamleadSubGroup": [],
        "userSubGroup": [],
        "updatedPassword": None,
    }
