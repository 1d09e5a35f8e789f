"""Customers (``/api/customers.json``), members (``/api/members.json``) and the profile."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request

from helpdesk.api.common.documented import ok
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.api.uvdesk.listing import ListSpec, read_list
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.api.uvdesk.people_views import instance_view
from helpdesk.domain.identity.models import SupportRole, User, UserInstance
from helpdesk.domain.identity.passwords import chosen_password
from helpdesk.domain.people import service
from helpdesk.domain.shared.bounds import PHONE_MAX, SIGNATURE_MAX
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.support.company import company_timezone

router = APIRouter(tags=["UVdesk: customers and members"])
CUSTOMERS = (SupportRole.CUSTOMER,)
MEMBERS = service.STAFF_ROLES
# The seed: ``sort`` (CreatedAt|name|email), ``search`` in names and emails.
PEOPLE = ListSpec(
    per_page=10,
    default_sort="createdAt",
    sorts={"name": "name", "email": "email", "createdat": "createdAt"},
    search=("email", "fullName"),
    states={"isActive": "isActive"},
    only={"starred": "isStarred"},
)
# ``fullList`` is for pickers: unsorted, unpaged (a deployment with more agents than this
# pages anyway), filtered by ``search`` and ``isActive`` only.
FULL_LIST = ListSpec(
    per_page=1000,
    default_sort="createdAt",
    search=PEOPLE.search,
    states=PEOPLE.states,
    paged=False,
)


def details_from(fields: Fields) -> service.Person:
    # {"password": {"first", "second"}} in JSON, password[first]/password[second] in forms.
    first = fields.scalar_text("password", "first")
    second = fields.scalar_text("password", "second")
    role_raw = fields.text("role")
    try:
        role = SupportRole(role_raw) if role_raw else None
    except ValueError:
        raise ValidationFailed.for_field("role", f"Unknown role {role_raw}.") from None
    team_ids = fields.integers("userSubGroup")  # a list, a comma string or a PHP keyed array
    return service.Person(
        email=fields.email("email"),
        first_name=fields.text("firstName"),
        last_name=fields.text("lastName"),
        contact_number=fields.text("contactNumber", PHONE_MAX),
        job_title=fields.text("jobTitle"),
        timezone=fields.text("timezone"),
        signature=fields.text("signature", SIGNATURE_MAX),
        password=chosen_password(first, second),
        active=fields.flag("isActive"),
        role=role,
        ticket_view=fields.integer("ticketView"),
        privileges=fields.integers("agentPrivilege") if fields.has("agentPrivilege") else None,
        groups=fields.integers("groups") if fields.has("groups") else None,
        teams=team_ids if fields.has("userSubGroup") else None,
    )


def person_view(user: User, instances: list[UserInstance], timezone: str) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "token": None,
        "profileImage": None,
        "isEmailPending": False,
        "timezone": user.timezone,
        "data": [instance_view(user, instance, timezone) for instance in instances],
    }


PERSON_BODY = Body(
    Read.email("email"),
    Read.text("firstName"),
    Read.text("lastName"),
    Read.text("contactNumber", PHONE_MAX),
    Read.text("jobTitle"),
    Read.text("timezone"),
    Read.text("signature", SIGNATURE_MAX),
    Read.mapping("password"),
    Read.flag("isActive"),
    Read.text("role"),
    Read.integer("ticketView"),
    Read.integers("agentPrivilege"),
    Read.integers("groups"),
    Read.integers("userSubGroup"),
)
NEW_PERSON_BODY = Body(*PERSON_BODY.declared, Read.required_email("email"))


@router.get("/api/customers.json", responses=ok(schemas.CustomerPage))
async def list_customers(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    listing = read_list(request.query_params, PEOPLE)
    page = await service.list_people(session, actor, CUSTOMERS, listing.query)
    total, starred = await service.starred_count(session, SupportRole.CUSTOMER)
    return {
        "customers": [
            {
                "id": item.user.id,
                "email": item.user.email,
                "smallThumbnail": None,
                "isStarred": item.instance.is_starred or None,
                "isActive": item.instance.is_active,
                "name": f"{item.user.first_name} {item.user.last_name}",
                "source": item.instance.source,
                "count": str(item.tickets),
            }
            for item in page.items
        ],
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
        "customer_count": {"all": str(total), "starred": str(starred)},
    }


@router.get("/api/customer/{user_id:id}.json", responses=ok(schemas.CustomerProfile))
async def view_customer(user_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    user, instances = await service.person(session, actor, user_id, CUSTOMERS)
    view = person_view(user, instances, await company_timezone(session))
    # No e-mail verification codes here (isEmailPending is always false): the key is kept.
    view["validationCode"] = None
    return view


@router.post(
    "/api/customers.json", responses=ok(schemas.CreatedOutcome), openapi_extra=NEW_PERSON_BODY
)
async def add_customer(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    fields.required_email("email")
    user = await service.add_person(session, actor, SupportRole.CUSTOMER, details_from(fields))
    return {"message": "Success! customer added successfully", "id": user.id}


@router.put(
    "/api/customer/{user_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=PERSON_BODY
)
async def edit_customer(
    user_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    await service.change_person(session, actor, user_id, CUSTOMERS, details_from(fields))
    return {"message": "Success ! Customer saved successfully."}


@router.patch("/api/customer/{user_id:id}.json", responses=ok(schemas.Outcome))
async def star_customer(user_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    starred = await service.toggle_star(session, actor, user_id)
    return {"message": f"{'starred' if starred else 'unstarred'} Action Completed successfully"}


@router.delete("/api/customer/{user_id:id}.json", responses=ok(schemas.Outcome))
async def delete_customer(user_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.remove_person(session, actor, user_id, CUSTOMERS)
    return {"message": "Success ! Customer removed successfully."}


@router.get("/api/members.json", responses=ok(schemas.MemberPage | schemas.MemberFullList))
async def list_members(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    full_list = "fullList" in request.query_params
    listing = read_list(request.query_params, FULL_LIST if full_list else PEOPLE)
    page = await service.list_people(session, actor, MEMBERS, listing.query)
    users = [
        {
            "id": item.user.id,
            "email": item.user.email,
            "smallThumbnail": None,
            "isActive": item.instance.is_active,
            "name": f"{item.user.first_name} {item.user.last_name}",
            "role": str(item.instance.role),
        }
        for item in page.items
    ]
    if full_list:
        return {"users": [{"id": u["id"], "name": u["name"], "email": u["email"]} for u in users]}
    return {
        "users": users,
        "pagination_data": pagination(listing.current, page.limit, page.total, len(page.items)),
    }


@router.get("/api/member/{user_id:id}.json", responses=ok(schemas.MemberProfile))
async def view_member(user_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    user, instances = await service.person(session, actor, user_id, MEMBERS)
    view = person_view(user, instances, await company_timezone(session))
    view.pop("token")
    view["roles"] = str(instances[0].role)
    return view


@router.post("/api/members.json", responses=ok(schemas.Outcome), openapi_extra=NEW_PERSON_BODY)
async def add_member(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    fields.required_email("email")
    details = details_from(fields)
    await service.add_person(session, actor, details.role or SupportRole.AGENT, details)
    return {"message": "Success ! Agent added successfully."}


@router.put("/api/member/profile.json", responses=ok(schemas.Outcome), openapi_extra=PERSON_BODY)
async def edit_profile(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    details = details_from(fields)
    own = service.Person(
        email=details.email,
        first_name=details.first_name,
        last_name=details.last_name,
        contact_number=details.contact_number,
        timezone=details.timezone,
        signature=details.signature,
        password=details.password,
    )
    await service.change_own_profile(session, actor, own)
    return {"message": "success! profile updated"}


@router.put(
    "/api/member/{user_id:id}.json", responses=ok(schemas.Outcome), openapi_extra=PERSON_BODY
)
async def edit_member(
    user_id: int, request: Request, actor: UvdeskActor, session: DbSession
) -> Any:
    fields = await read_fields(request)
    await service.change_person(session, actor, user_id, MEMBERS, details_from(fields))
    return {"message": "Success ! Agent saved successfully."}


@router.delete("/api/member/{user_id:id}.json", responses=ok(schemas.Outcome))
async def delete_member(user_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.remove_person(session, actor, user_id, MEMBERS)
    return {"message": "Success ! Agent removed successfully."}
