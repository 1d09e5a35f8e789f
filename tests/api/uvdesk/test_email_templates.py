"""Email templates, as the seed shows them; the defaults notifications render from come
with the database and can be edited, not deleted."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv

pytestmark = pytest.mark.anyio

SEED_TEMPLATE = {
    "name": "emailTemplateName",
    "subject": "email template for normal users",
    "message": "It is good to use api. you will see this message in your mail, if this "
    "template is used.",
}
DEFAULT_CODES = {
    "ticket.created.customer",
    "ticket.reply.customer",
    "ticket.reply.agent",
    "ticket.assigned.agent",
}
MANAGE = "ROLE_AGENT_MANAGE_EMAIL_TEMPLATE"


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def add(client: httpx.AsyncClient, token: str, **body: Any) -> int:
    response = await uv(
        client, "POST", "/api/email-templates.json", token, json=SEED_TEMPLATE | body
    )
    assert response.status_code == 200, response.text
    return int(response.json()["id"])


async def listed(client: httpx.AsyncClient, token: str, query: str = "") -> list[dict[str, Any]]:
    response = await uv(client, "GET", f"/api/email-templates.json{query}", token)
    assert response.status_code == 200, response.text
    rows: list[dict[str, Any]] = response.json()
    return rows


async def view(client: httpx.AsyncClient, token: str, template_id: int) -> dict[str, Any]:
    response = await uv(client, "GET", f"/api/email-template/{template_id}.json", token)
    assert response.status_code == 200, response.text
    found: dict[str, Any] = response.json()
    return found


async def test_adding_the_seeds_template_answers_the_seeds_message(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await uv(client, "POST", "/api/email-templates.json", admin, json=SEED_TEMPLATE)
    assert response.json() == {
        "message": "Success! Template has been added successfully.",
        "id": response.json()["id"],
    }


async def test_the_list_is_the_seeds_plain_array_newest_first(
    client: httpx.AsyncClient, admin: str
) -> None:
    template_id = await add(client, admin)
    rows = await listed(client, admin)
    assert rows[0] == {"id": template_id, "name": "emailTemplateName", "defaultTemplate": False}
    assert [row["id"] for row in rows] == sorted((row["id"] for row in rows), reverse=True)


async def test_the_default_templates_come_with_the_database(
    client: httpx.AsyncClient, admin: str
) -> None:
    defaults = [row for row in await listed(client, admin) if row["defaultTemplate"]]
    assert "Ticket Generate Success Mail For Customer" in {row["name"] for row in defaults}
    shown = [await view(client, admin, row["id"]) for row in defaults]
    assert {template["code"] for template in shown} == DEFAULT_CODES
    reply = next(t for t in shown if t["code"] == "ticket.reply.customer")
    assert "[#{%ticket.id%}]" in reply["subject"]
    assert "{%ticket.threadMessage%}" in reply["message"]


async def test_the_list_pages_by_ten_searches_by_name_and_sorts_by_name(
    client: httpx.AsyncClient, admin: str
) -> None:
    for index in range(12):
        await add(client, admin, name=f"Holiday {index:02}")
    assert len(await listed(client, admin)) == 10
    assert [row["name"] for row in await listed(client, admin, "?search=holiday&page=2")] == [
        "Holiday 01",
        "Holiday 00",
    ]
    by_name = await listed(client, admin, "?search=Holiday&sort=name")
    assert [row["name"] for row in by_name][:2] == ["Holiday 00", "Holiday 01"]


@pytest.mark.parametrize("method", ["PUT", "POST"])
async def test_editing_answers_the_seeds_message(
    client: httpx.AsyncClient, admin: str, method: str
) -> None:
    template_id = await add(client, admin)
    response = await uv(
        client,
        method,
        f"/api/email-template/{template_id}.json",
        admin,
        json=SEED_TEMPLATE | {"name": "edited template"},
    )
    assert response.json() == {
        "message": "Success! Template has been updated successfully.",
        "id": template_id,
    }
    assert (await view(client, admin, template_id))["name"] == "edited template"


async def test_a_templates_html_is_sanitised_and_its_placeholders_kept(
    client: httpx.AsyncClient, admin: str
) -> None:
    message = '<p onclick="x()">Ticket #{%ticket.id%}</p><script>alert(1)</script>'
    template_id = await add(client, admin, message=message)
    assert (await view(client, admin, template_id))["message"] == "<p>Ticket #{%ticket.id%}</p>"


async def test_a_template_holds_a_mail_sized_message(client: httpx.AsyncClient, admin: str) -> None:
    message = "<p>" + "Thank you for writing to us. " * 400 + "</p>"
    template_id = await add(client, admin, message=message, subject="Re: " + "s" * 300)
    stored = await view(client, admin, template_id)
    assert (len(stored["message"]), len(stored["subject"])) == (len(message), 304)


async def test_deleting_answers_the_seeds_message(client: httpx.AsyncClient, admin: str) -> None:
    template_id = await add(client, admin)
    path = f"/api/email-template/{template_id}.json"
    response = await uv(client, "DELETE", path, admin)
    assert response.json() == {"message": "Success! Template has been deleted successfully."}
    assert_uv_error(await uv(client, "GET", path, admin), 404)


async def test_a_default_template_is_edited_but_never_deleted(
    client: httpx.AsyncClient, admin: str
) -> None:
    default = next(row for row in await listed(client, admin) if row["defaultTemplate"])
    path = f"/api/email-template/{default['id']}.json"
    assert_uv_error(await uv(client, "DELETE", path, admin), 409)
    edited = await uv(client, "PUT", path, admin, json={"subject": "Re: {%ticket.subject%}"})
    assert edited.status_code == 200, edited.text
    after = await view(client, admin, default["id"])
    assert (after["subject"], after["defaultTemplate"]) == ("Re: {%ticket.subject%}", True)


@pytest.mark.parametrize("missing", ["name", "subject", "message"])
async def test_a_template_needs_name_subject_and_message(
    client: httpx.AsyncClient, admin: str, missing: str
) -> None:
    body = SEED_TEMPLATE | {missing: ""}
    response = await uv(client, "POST", "/api/email-templates.json", admin, json=body)
    assert missing in assert_uv_error(response, 400)["errors"]


async def test_an_agent_with_the_privilege_manages_templates(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "agent@desk.example", privileges=[MANAGE])
    template_id = await add(client, agent)
    response = await uv(client, "DELETE", f"/api/email-template/{template_id}.json", agent)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("role", [SupportRole.AGENT, SupportRole.CUSTOMER])
async def test_without_the_privilege_templates_are_forbidden(
    client: httpx.AsyncClient, app: FastAPI, admin: str, role: SupportRole
) -> None:
    template_id = await add(client, admin)
    other = await support_token(app, role, "someone@desk.example")
    path = f"/api/email-template/{template_id}.json"
    assert_uv_error(await uv(client, "GET", "/api/email-templates.json", other), 403)
    response = await uv(client, "POST", "/api/email-templates.json", other, json=SEED_TEMPLATE)
    assert_uv_error(response, 403)
    assert_uv_error(await uv(client, "PUT", path, other, json={"name": "x"}), 403)
    assert_uv_error(await uv(client, "DELETE", path, other), 403)
