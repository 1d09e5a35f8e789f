"""Customers and members as the seed shows them."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio

SEED_CUSTOMER = {
    "firstName": "zondo",
    "lastName": "cape",
    "email": "zondocape1@example.com",
    "contactNumber": "8178593000",
    "password": {"first": "somesecurepassword", "second": "somesecurepassword"},
    "isActive": "1",
}
SEED_MEMBER = {
    "firstName": "lazer",
    "lastName": "angelov",
    "email": "sampleagent@example.com",
    "jobTitle": "",
    "contactNumber": "8178563000",
    "timezone": "Africa/Abidjan",
    "signature": "",
    "password": {"first": "", "second": ""},
    "role": "ROLE_AGENT",
    "ticketView": "3",
    "isActive": "1",
}


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def test_a_customer_is_added_viewed_listed_starred_edited_and_removed(
    client: httpx.AsyncClient, admin: str
) -> None:
    added = (await uv(client, "POST", "/api/customers.json", admin, json=SEED_CUSTOMER)).json()
    assert added["message"] == "Success! customer added successfully"
    customer_id = added["id"]
    view = (await uv(client, "GET", f"/api/customer/{customer_id}.json", admin)).json()
    assert view["email"] == "zondocape1@example.com"
    assert view["data"][0]["userRole"]["role"] == "ROLE_CUSTOMER"
    starred = await uv(client, "PATCH", f"/api/customer/{customer_id}.json", admin)
    assert starred.json() == {"message": "starred Action Completed successfully"}
    listed = (await uv(client, "GET", "/api/customers.json?starred=1", admin)).json()
    assert [c["email"] for c in listed["customers"]] == ["zondocape1@example.com"]
    assert listed["customer_count"] == {"all": "1", "starred": "1"}
    assert set(listed["customers"][0]) == {
        "id",
        "email",
        "smallThumbnail",
        "isStarred",
        "isActive",
        "name",
        "source",
        "count",
    }
    edited = await uv(
        client,
        "PUT",
        f"/api/customer/{customer_id}.json",
        admin,
        json={**SEED_CUSTOMER, "firstName": "zed"},
    )
    assert edited.json() == {"message": "Success ! Customer saved successfully."}
    removed = await uv(client, "DELETE", f"/api/customer/{customer_id}.json", admin)
    assert removed.json() == {"message": "Success ! Customer removed successfully."}
    assert_uv_error(await uv(client, "GET", f"/api/customer/{customer_id}.json", admin), 404)


async def test_customers_count_their_tickets_and_search(
    client: httpx.AsyncClient, admin: str
) -> None:
    await raise_ticket(client, admin, **{"from": "gafy@example.net", "name": "gafy frag"})
    listed = (await uv(client, "GET", "/api/customers.json?search=gafy", admin)).json()
    assert [(c["name"], c["count"]) for c in listed["customers"]] == [("gafy frag", "1")]


async def test_mismatched_passwords_are_refused(client: httpx.AsyncClient, admin: str) -> None:
    body = {**SEED_CUSTOMER, "password": {"first": "somesecurepassword", "second": "other"}}
    assert (
        "password"
        in assert_uv_error(await uv(client, "POST", "/api/customers.json", admin, json=body), 400)[
            "errors"
        ]
    )


async def test_a_duplicate_customer_is_a_conflict(client: httpx.AsyncClient, admin: str) -> None:
    await uv(client, "POST", "/api/customers.json", admin, json=SEED_CUSTOMER)
    assert_uv_error(await uv(client, "POST", "/api/customers.json", admin, json=SEED_CUSTOMER), 409)


async def test_a_member_is_added_viewed_edited_and_removed(
    client: httpx.AsyncClient, admin: str
) -> None:
    privilege = (
        await uv(
            client,
            "POST",
            "/api/agent-privileges.json",
            admin,
            json={"name": "p", "description": "d", "privileges": ["ROLE_AGENT_CREATE_TICKET"]},
        )
    ).json()
    added = await uv(
        client,
        "POST",
        "/api/members.json",
        admin,
        json={**SEED_MEMBER, "agentPrivilege": [str(privilege["id"])]},
    )
    assert added.json() == {"message": "Success ! Agent added successfully."}
    listed = (await uv(client, "GET", "/api/members.json?sort=name", admin)).json()
    member = next(u for u in listed["users"] if u["email"] == "sampleagent@example.com")
    assert set(member) == {"id", "email", "smallThumbnail", "isActive", "name", "role"}
    view = (await uv(client, "GET", f"/api/member/{member['id']}.json", admin)).json()
    assert view["roles"] == "ROLE_AGENT"
    assert view["data"][0]["ticketView"] == 3
    assert view["data"][0]["agentPrivilege"] == [str(privilege["id"])]
    edited = await uv(
        client,
        "PUT",
        f"/api/member/{member['id']}.json",
        admin,
        json={
            "firstName": "edited",
            "lastName": "test",
            "email": "asdtfile@example.com",
            "jobTitle": "manager",
            "groups": ["835"],
            "userSubGroup": {},
            "ticketView": "2",
            "password": {"first": "test123456", "second": "test123456"},
        },
    )
    assert edited.json() == {"message": "Success ! Agent saved successfully."}
    full = (await uv(client, "GET", "/api/members.json?fullList", admin)).json()
    assert "asdtfile@example.com" in {u["email"] for u in full["users"]}
    assert "pagination_data" not in full
    removed = await uv(client, "DELETE", f"/api/member/{member['id']}.json", admin)
    assert removed.json() == {"message": "Success ! Agent removed successfully."}


async def add_privilege_set(client: httpx.AsyncClient, admin: str, name: str) -> str:
    body = {"name": name, "description": "", "privileges": ["ROLE_AGENT_CREATE_TICKET"]}
    added = await uv(client, "POST", "/api/agent-privileges.json", admin, json=body)
    return str(added.json()["id"])


async def test_a_members_agent_privilege_lists_every_set_as_id_strings(
    client: httpx.AsyncClient, admin: str
) -> None:
    sets = [await add_privilege_set(client, admin, name) for name in ("Tickets", "Tasks")]
    body = {**SEED_MEMBER, "agentPrivilege": sets}
    assert (await uv(client, "POST", "/api/members.json", admin, json=body)).status_code == 200
    listed = (await uv(client, "GET", "/api/members.json?search=sampleagent", admin)).json()
    view = (await uv(client, "GET", f"/api/member/{listed['users'][0]['id']}.json", admin)).json()
    assert view["data"][0]["agentPrivilege"] == sets


async def test_a_customer_holds_no_privilege_sets(client: httpx.AsyncClient, admin: str) -> None:
    added = (await uv(client, "POST", "/api/customers.json", admin, json=SEED_CUSTOMER)).json()
    view = (await uv(client, "GET", f"/api/customer/{added['id']}.json", admin)).json()
    assert view["data"][0]["agentPrivilege"] == []
    assert "validationCode" in view


async def test_me_names_its_privilege_set_by_number_as_the_seed_does(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    agent = await support_token(
        app, SupportRole.AGENT, "me@desk.example", privileges=["ROLE_AGENT_CREATE_TICKET"]
    )
    me = (await uv(client, "GET", "/api/me.json", agent)).json()
    assert isinstance(me["data"][0]["agentPrivilege"], int)


async def test_members_edit_their_own_profile(client: httpx.AsyncClient, app: FastAPI) -> None:
    agent = await support_token(app, SupportRole.AGENT, "sample@desk.example")
    response = await uv(
        client,
        "PUT",
        "/api/member/profile.json",
        agent,
        json={
            "firstName": "sample",
            "lastName": "user",
            "email": "sample@desk.example",
            "contactNumber": "2147483647",
            "timezone": "Asia/Kolkata",
            "signature": "",
            "password": {"first": "pass123456", "second": "pass123456"},
        },
    )
    assert response.json() == {"message": "success! profile updated"}
    me = (await uv(client, "GET", "/api/me.json", agent)).json()
    assert (me["timezone"], me["data"][0]["firstName"]) == ("Asia/Kolkata", "sample")


async def test_agents_without_the_privilege_cannot_manage_people(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "plain@desk.example")
    assert_uv_error(await uv(client, "GET", "/api/customers.json", agent), 403)
    assert_uv_error(await uv(client, "POST", "/api/members.json", agent, json=SEED_MEMBER), 403)
    customer = await support_token(app, SupportRole.CUSTOMER, "c@example.com")
    assert_uv_error(await uv(client, "GET", "/api/members.json", customer), 403)


async def test_removing_a_customer_removes_their_tickets(
    client: httpx.AsyncClient, admin: str
) -> None:
    ticket = await raise_ticket(client, admin, **{"from": "gone@example.net"})
    listed = (await uv(client, "GET", "/api/customers.json?search=gone", admin)).json()
    [customer] = listed["customers"]
    await uv(client, "DELETE", f"/api/customer/{customer['id']}.json", admin)
    viewed = await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", admin)
    assert_uv_error(viewed, 404)
    searched = (await uv(client, "GET", "/api/tickets.json?search=demo", admin)).json()
    assert searched["tickets"] == []


async def test_removing_a_member_unassigns_their_tickets(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    await support_token(app, SupportRole.AGENT, "leaving@desk.example")
    members = (await uv(client, "GET", "/api/members.json?fullList", admin)).json()
    agent_id = next(u["id"] for u in members["users"] if u["email"] == "leaving@desk.example")
    ticket = await raise_ticket(client, admin)
    path = f"/api/ticket/{ticket['id']}/agent.json"
    assert (await uv(client, "PUT", path, admin, json={"id": agent_id})).status_code == 200
    await uv(client, "DELETE", f"/api/member/{agent_id}.json", admin)
    viewed = (await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", admin)).json()
    assert viewed["ticket"]["agent"] is None
