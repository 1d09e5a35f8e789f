"""Groups, sub-groups, ticket types, tags, labels and agent privileges, as the seed shows them."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio

PAGINATION_KEYS = {
    "last",
    "current",
    "numItemsPerPage",
    "first",
    "pageCount",
    "totalCount",
    "pageRange",
    "startPage",
    "endPage",
    "pagesInRange",
    "firstPageInRange",
    "lastPageInRange",
    "currentItemCount",
    "firstItemNumber",
    "lastItemNumber",
    "url",
}


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def test_the_default_group_and_support_type_exist_from_the_start(
    client: httpx.AsyncClient, admin: str
) -> None:
    groups = (await uv(client, "GET", "/api/groups.json?sort=ap.name", admin)).json()
    assert [(g["id"], g["name"]) for g in groups["groups"]] == [(835, "Default")]
    assert set(groups["pagination_data"]) == PAGINATION_KEYS
    assert set(groups["groups"][0]["createdAt"]) == {
        "lastErrors",
        "timezone",
        "offset",
        "timestamp",
    }
    types = (await uv(client, "GET", "/en/api/ticket-types.json", admin)).json()
    assert types["types"] == [
        {"id": 807, "name": "Support", "description": "Support", "isActive": True}
    ]


async def test_a_group_is_added_modified_and_deleted(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "agent@desk.example")
    del agent
    added = await uv(
        client,
        "POST",
        "/api/groups.json",
        admin,
        json={"name": "group beta", "description": "beta group", "users": [], "subgroups": []},
    )
    assert added.json() == {
        "message": "Success! Group has been added successfully.",
        "id": added.json()["id"],
    }
    group_id = added.json()["id"]
    modified = await uv(
        client,
        "PUT",
        f"/api/group/{group_id}.json",
        admin,
        data={"name": "alpha group", "description": "desc of group"},
    )
    assert modified.json() == {
        "message": "Success! Group has been updated successfully.",
        "id": group_id,
    }
    deleted = await uv(client, "DELETE", f"/api/group/{group_id}.json", admin)
    assert deleted.json() == {"message": "Success ! Group removed successfully."}
    assert_uv_error(await uv(client, "DELETE", f"/api/group/{group_id}.json", admin), 404)


async def test_a_team_belongs_to_groups_and_has_members(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    await support_token(app, SupportRole.AGENT, "agent@desk.example")
    me = (await uv(client, "GET", "/api/me.json", admin)).json()
    added = await uv(
        client,
        "POST",
        "/api/sub-groups.json",
        admin,
        json={"name": "team2", "description": "desc", "groups": ["835"], "users": [str(me["id"])]},
    )
    assert added.json()["message"] == "Success! Team has been added successfully."
    team_id = added.json()["id"]
    edited = await uv(
        client,
        "PUT",
        f"/api/sub-group/{team_id}.json",
        admin,
        data={"name": "team3", "groups[]": "835"},
    )
    assert edited.json() == {
        "message": "Success! Team has been updated successfully.",
        "id": team_id,
    }
    listed = (await uv(client, "GET", "/api/sub-groups.json?isActive=1", admin)).json()
    assert [t["name"] for t in listed["groups"]] == ["team3"]
    removed = await uv(client, "DELETE", f"/api/sub-group/{team_id}.json", admin)
    assert removed.json() == {"message": "Success ! SubGroup removed successfully."}


async def test_unknown_group_members_are_a_validation_error(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await uv(
        client,
        "POST",
        "/api/groups.json",
        admin,
        json={"name": "g", "description": "d", "users": [999]},
    )
    assert "users" in assert_uv_error(response, 400)["errors"]


async def test_ticket_types_are_added_edited_searched_and_removed(
    client: httpx.AsyncClient, admin: str
) -> None:
    added = await uv(
        client,
        "POST",
        "/api/ticketTypes.json",
        admin,
        json={"name": "culture", "description": "ticket type regarding culture"},
    )
    assert added.json()["message"] == "Success ! Ticket Type saved successfully."
    type_id = added.json()["id"]
    found = (await uv(client, "GET", "/api/ticket-types.json?search=cult", admin)).json()
    assert [(t["name"], t["isActive"]) for t in found["types"]] == [("culture", False)]
    edited = await uv(
        client,
        "PUT",
        f"/api/ticket-type/{type_id}.json",
        admin,
        json={"name": "culture", "description": "ticket type regarding culture", "isActive": 1},
    )
    assert edited.json() == {"message": "Success ! Type updated successfully."}
    removed = await uv(client, "DELETE", f"/api/ticket-type/{type_id}.json", admin)
    assert removed.json() == {"message": "Success ! Ticket Type removed successfully."}


async def test_a_duplicate_ticket_type_is_a_conflict(client: httpx.AsyncClient, admin: str) -> None:
    response = await uv(
        client,
        "POST",
        "/api/ticket-types.json",
        admin,
        json={"name": "Support", "description": "x"},
    )
    assert_uv_error(response, 409)


async def test_labels_are_private_to_their_agent(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    created = await uv(client, "POST", "/api/labels.json", admin, json={"name": "myLabel"})
    body = created.json()
    assert body["message"] == "Success ! Label created successfully."
    assert set(body["label"]) == {"id", "name", "color", "labelUser"}
    label_id = body["label"]["id"]
    edited = await uv(
        client, "PUT", f"/api/label/{label_id}.json", admin, json={"name": "labu", "color": "#fff"}
    )
    assert edited.json()["label"]["color"] == "#fff"
    assert edited.json()["message"] == "Success ! Label updated successfully."
    other_agent = await support_token(app, SupportRole.AGENT, "other@desk.example")
    assert_uv_error(await uv(client, "DELETE", f"/api/label/{label_id}.json", other_agent), 404)
    removed = await uv(client, "DELETE", f"/api/label/{label_id}.json", admin)
    assert removed.json() == {"message": "Success ! Label removed successfully."}


async def test_agent_privileges_are_managed_by_admins(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    body = {
        "name": "NewAgentpriv",
        "description": "desc of agent privilege",
        "privileges": ["ROLE_AGENT_CREATE_TASK"],
    }
    added = await uv(client, "POST", "/api/agent-privileges.json", admin, json=body)
    assert added.json()["message"] == "Success ! Privilege information saved successfully."
    privilege_id = added.json()["id"]
    listed = (
        await uv(client, "GET", "/api/agent-privileges.json?sort=ap.name&direction=ASC", admin)
    ).json()
    [item] = listed["privileges"]
    assert set(item) == {"id", "privileges", "name", "description", "createdAt"}
    edited = await uv(client, "PUT", f"/api/agent-privilege/{privilege_id}.json", admin, json=body)
    assert edited.json()["id"] == privilege_id
    plain_agent = await support_token(app, SupportRole.AGENT, "agent@desk.example")
    assert_uv_error(await uv(client, "GET", "/api/agent-privileges.json", plain_agent), 403)
    removed = await uv(client, "DELETE", f"/api/agent-privilege/{privilege_id}.json", admin)
    assert removed.json() == {"message": "Success ! Privilege removed successfully."}


async def test_agents_need_the_matching_privilege_to_manage(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    plain = await support_token(app, SupportRole.AGENT, "plain@desk.example")
    allowed = await support_token(
        app, SupportRole.AGENT, "lead@desk.example", privileges=["ROLE_AGENT_MANAGE_GROUP"]
    )
    body = {"name": "g", "description": "d"}
    assert_uv_error(await uv(client, "POST", "/api/groups.json", plain, json=body), 403)
    assert (await uv(client, "POST", "/api/groups.json", allowed, json=body)).status_code == 200
    customer = await support_token(app, SupportRole.CUSTOMER, "c@example.com")
    assert_uv_error(await uv(client, "GET", "/api/groups.json", customer), 403)


async def test_a_non_numeric_id_is_not_found(client: httpx.AsyncClient, admin: str) -> None:
    assert_uv_error(await uv(client, "DELETE", "/api/group/abc.json", admin), 404)


@pytest.mark.parametrize(
    ("collection", "item", "ticket_key"),
    [
        ("/api/groups.json", "/api/group/{id}.json", "group"),
        ("/api/sub-groups.json", "/api/sub-group/{id}.json", "subgroup"),
        ("/api/ticket-types.json", "/api/ticket-type/{id}.json", "type"),
    ],
)
async def test_removing_what_tickets_use_keeps_the_tickets(
    client: httpx.AsyncClient, admin: str, collection: str, item: str, ticket_key: str
) -> None:
    made = await uv(client, "POST", collection, admin, json={"name": "Used", "description": "d"})
    used = made.json()["id"]
    ticket = await raise_ticket(client, admin)
    changes = {
        "group": ("/api/tickets/group.json", {"ids": [ticket["ticketId"]], "groupId": used}),
        "subgroup": (
            f"/api/ticket/{ticket['ticketId']}.json",
            {"editType": "team", "value": str(used)},
        ),
        "type": (
            f"/api/ticket/{ticket['ticketId']}.json",
            {"editType": "type", "value": str(used)},
        ),
    }
    path, body = changes[ticket_key]
    method = "PUT" if path.startswith("/api/tickets/") else "PATCH"
    assert (await uv(client, method, path, admin, json=body)).status_code == 200
    removed = await uv(client, "DELETE", item.format(id=used), admin)
    assert removed.status_code == 200, removed.text
    view = (await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", admin)).json()
    assert view["ticket"][ticket_key] is None
