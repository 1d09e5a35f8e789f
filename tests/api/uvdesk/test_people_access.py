"""Who manages whom among UVdesk people: the owner and administrators (issue 10, hole 5),
and the boundary with identities that belong to a Marketplace account (hole 6)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import AccountType, SupportRole
from tests.api.marketplace.helpers import call
from tests.api.uvdesk.helpers import assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.factories import marketplace_token

pytestmark = pytest.mark.anyio


@pytest.fixture
async def owner(app: FastAPI) -> str:
    return await support_token(app, SupportRole.SUPER_ADMIN, "owner@desk.example", name="Olga O")


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await support_token(app, SupportRole.ADMIN, "admin@desk.example", name="Ada Admin")


async def member_id(client: httpx.AsyncClient, token: str, email: str) -> int:
    members = (await uv(client, "GET", "/api/members.json?fullList", token)).json()["users"]
    return int(next(m["id"] for m in members if m["email"] == email))


async def role_of(client: httpx.AsyncClient, token: str, user_id: int) -> Any:
    return (await uv(client, "GET", f"/api/member/{user_id}.json", token)).json()["roles"]


# Hole 5: only the owner manages the owner and administrators.


async def test_an_admin_cannot_demote_or_rename_the_owner(
    client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    owner_id = await member_id(client, admin, "owner@desk.example")
    path = f"/api/member/{owner_id}.json"
    assert_uv_error(await uv(client, "PUT", path, admin, json={"role": "ROLE_AGENT"}), 403)
    assert_uv_error(await uv(client, "PUT", path, admin, json={"firstName": "Mallory"}), 403)
    assert await role_of(client, owner, owner_id) == "ROLE_SUPER_ADMIN"


async def test_an_admin_acting_as_the_owner_still_cannot_manage_the_owner(
    client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    owner_id = await member_id(client, admin, "owner@desk.example")
    as_owner = {"actAsType": "agent", "actAsEmail": "owner@desk.example"}
    path = f"/api/member/{owner_id}.json"
    renamed = await uv(client, "PUT", path, admin, json={"firstName": "Mallory", **as_owner})
    assert_uv_error(renamed, 403)
    profile = (await uv(client, "GET", path, owner)).json()
    assert profile["data"][0]["firstName"] == "Olga"


async def test_an_admin_cannot_act_as_another_admin(
    app: FastAPI, client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    await support_token(app, SupportRole.ADMIN, "second@desk.example")
    acting = "/api/tickets.json?actAsType=agent&actAsEmail=second@desk.example"
    assert_uv_error(await uv(client, "GET", acting, admin), 403)
    assert (await uv(client, "GET", acting, owner)).status_code == 200


async def test_nobody_is_promoted_to_owner(
    app: FastAPI, client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    await support_token(app, SupportRole.AGENT, "agent@desk.example")
    agent_id = await member_id(client, owner, "agent@desk.example")
    promote = {"role": "ROLE_SUPER_ADMIN"}
    path = f"/api/member/{agent_id}.json"
    assert_uv_error(await uv(client, "PUT", path, admin, json=promote), 403)
    assert_uv_error(await uv(client, "PUT", path, owner, json=promote), 400)
    assert await role_of(client, owner, agent_id) == "ROLE_AGENT"


async def test_an_admin_cannot_make_or_unmake_admins(
    app: FastAPI, client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    await support_token(app, SupportRole.AGENT, "agent@desk.example")
    await support_token(app, SupportRole.ADMIN, "second@desk.example")
    agent_id = await member_id(client, owner, "agent@desk.example")
    second_id = await member_id(client, owner, "second@desk.example")
    promote = await uv(
        client, "PUT", f"/api/member/{agent_id}.json", admin, json={"role": "ROLE_ADMIN"}
    )
    assert_uv_error(promote, 403)
    demote = await uv(
        client, "PUT", f"/api/member/{second_id}.json", admin, json={"role": "ROLE_AGENT"}
    )
    assert_uv_error(demote, 403)
    assert_uv_error(await uv(client, "DELETE", f"/api/member/{second_id}.json", admin), 403)
    assert await role_of(client, owner, second_id) == "ROLE_ADMIN"


async def test_the_owner_manages_admins(
    app: FastAPI, client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    await support_token(app, SupportRole.AGENT, "agent@desk.example")
    agent_id = await member_id(client, owner, "agent@desk.example")
    path = f"/api/member/{agent_id}.json"
    assert (await uv(client, "PUT", path, owner, json={"role": "ROLE_ADMIN"})).status_code == 200
    assert await role_of(client, owner, agent_id) == "ROLE_ADMIN"
    assert (await uv(client, "DELETE", path, owner)).status_code == 200


async def test_an_admin_cannot_remove_its_own_admin_role(
    client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    own_id = await member_id(client, admin, "admin@desk.example")
    path = f"/api/member/{own_id}.json"
    assert_uv_error(await uv(client, "PUT", path, admin, json={"role": "ROLE_AGENT"}), 403)
    assert_uv_error(await uv(client, "DELETE", path, admin), 403)
    assert await role_of(client, owner, own_id) == "ROLE_ADMIN"


async def test_an_admin_still_edits_its_own_details(
    client: httpx.AsyncClient, owner: str, admin: str
) -> None:
    own_id = await member_id(client, admin, "admin@desk.example")
    path = f"/api/member/{own_id}.json"
    assert (await uv(client, "PUT", path, admin, json={"jobTitle": "Lead"})).status_code == 200


async def test_nobody_removes_the_last_administrator(client: httpx.AsyncClient, owner: str) -> None:
    own_id = await member_id(client, owner, "owner@desk.example")
    path = f"/api/member/{own_id}.json"
    assert_uv_error(await uv(client, "PUT", path, owner, json={"role": "ROLE_AGENT"}), 409)
    assert_uv_error(await uv(client, "DELETE", path, owner), 409)
    assert await role_of(client, owner, own_id) == "ROLE_SUPER_ADMIN"


# Hole 6: identities that belong to a Marketplace account are managed there.


@pytest.fixture
async def marketplace_user(app: FastAPI) -> str:
    return await marketplace_token(app, AccountType.CLIENT, "Client One", "ann@one.test")


async def marketplace_emails(client: httpx.AsyncClient, token: str) -> set[str]:
    """The emails of the contacts the Marketplace caller sees (their users' identities)."""
    contacts = (
        await client.get(
            "/public/v1/notifications/contacts", headers={"Authorization": f"Bearer {token}"}
        )
    ).json()["data"]
    return {str(contact["email"]) for contact in contacts}


async def test_an_admin_cannot_rewrite_a_marketplace_users_identity(
    client: httpx.AsyncClient, admin: str, marketplace_user: str
) -> None:
    await raise_ticket(client, admin, **{"from": "ann@one.test", "name": "Ann One"})
    customers = (await uv(client, "GET", "/api/customers.json?search=ann", admin)).json()
    [customer] = customers["customers"]
    path = f"/api/customer/{customer['id']}.json"
    changed = await uv(client, "PUT", path, admin, json={"email": "mallory@evil.test"})
    assert_uv_error(changed, 403)
    assert_uv_error(await uv(client, "DELETE", path, admin), 403)
    assert await marketplace_emails(client, marketplace_user) == {"ann@one.test"}
    assert (await call(client, "GET", "/cases", marketplace_user)).status_code == 200


async def test_an_admin_cannot_give_a_marketplace_user_a_support_role(
    app: FastAPI, client: httpx.AsyncClient, admin: str
) -> None:
    operations = await marketplace_token(app, AccountType.OPERATIONS, "Ops", "ops@ops.test")
    member = {"email": "ops@ops.test", "firstName": "Op", "role": "ROLE_AGENT"}
    assert_uv_error(await uv(client, "POST", "/api/members.json", admin, json=member), 409)
    customer = {"email": "ops@ops.test", "firstName": "Op"}
    assert_uv_error(await uv(client, "POST", "/api/customers.json", admin, json=customer), 409)
    members = (await uv(client, "GET", "/api/members.json?fullList", admin)).json()["users"]
    assert "ops@ops.test" not in {m["email"] for m in members}
    assert "ops@ops.test" in await marketplace_emails(client, operations)


async def test_an_admin_cannot_take_a_marketplace_users_email(
    client: httpx.AsyncClient, admin: str, marketplace_user: str
) -> None:
    await raise_ticket(client, admin, **{"from": "carl@example.com", "name": "Carl"})
    customers = (await uv(client, "GET", "/api/customers.json?search=carl", admin)).json()
    path = f"/api/customer/{customers['customers'][0]['id']}.json"
    assert_uv_error(await uv(client, "PUT", path, admin, json={"email": "ann@one.test"}), 409)
    assert await marketplace_emails(client, marketplace_user) == {"ann@one.test"}


async def test_acting_as_a_marketplace_user_does_not_reach_their_identity(
    client: httpx.AsyncClient, owner: str, marketplace_user: str
) -> None:
    await raise_ticket(client, owner, **{"from": "ann@one.test", "name": "Ann One"})
    as_ann = {"actAsType": "customer", "actAsEmail": "ann@one.test"}
    for change in ({"email": "mallory@evil.test"}, {"firstName": "Mallory"}):
        answer = await uv(client, "PUT", "/api/member/profile.json", owner, json=change | as_ann)
        assert_uv_error(answer, 403)
    assert await marketplace_emails(client, marketplace_user) == {"ann@one.test"}


async def test_a_marketplace_user_keeps_helpdesk_only_profile_details(
    client: httpx.AsyncClient, owner: str, marketplace_user: str
) -> None:
    await raise_ticket(client, owner, **{"from": "ann@one.test", "name": "Ann One"})
    as_ann = {"actAsType": "customer", "actAsEmail": "ann@one.test"}
    answer = await uv(
        client, "PUT", "/api/member/profile.json", owner, json={"contactNumber": "123"} | as_ann
    )
    assert answer.status_code == 200, answer.text
