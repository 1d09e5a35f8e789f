"""Custom fields (list, add, edit, delete, reorder, values on tickets) and /filters."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from tests.api.uvdesk.helpers import admin_token, assert_uv_error, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET, raise_ticket

pytestmark = pytest.mark.anyio

FIELD_KEYS = {
    "id",
    "name",
    "agentType",
    "fieldType",
    "value",
    "required",
    "status",
    "sortOrder",
    "dateAdded",
    "dateUpdated",
    "validation",
    "encryption",
    "customFieldsDependency",
    "customFieldValues",
}


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def add_field(client: httpx.AsyncClient, token: str, **body: object) -> int:
    response = await uv(client, "POST", "/api/custom-fields.json", token, json=body)
    assert response.json()["message"] == "Success ! Custom field saved successfully.", response.text
    return int(response.json()["id"])


async def test_custom_fields_are_listed_as_the_seed_shows_them(
    client: httpx.AsyncClient, admin: str
) -> None:
    await add_field(
        client,
        admin,
        name="Select",
        fieldType="select",
        options=["asd", "bsd"],
        required=True,
        dependency=["807"],
    )
    await add_field(
        client, admin, name="FTP host", fieldType="text", validation={"regex": "^ftp\\..+$"}
    )
    listed = (await uv(client, "GET", "/api/custom-fields.json?search=FTP", admin)).json()
    assert [field["name"] for field in listed] == ["FTP host"]
    everything = (await uv(client, "GET", "/api/custom-fields.json", admin)).json()
    assert set(everything[0]) == FIELD_KEYS
    assert everything[0]["customFieldValues"] == [
        {"id": 1, "name": "asd", "sortOrder": 1},
        {"id": 2, "name": "bsd", "sortOrder": 2},
    ]
    assert everything[0]["customFieldsDependency"][0]["name"] == "Support"


async def test_custom_fields_are_edited_reordered_and_removed(
    client: httpx.AsyncClient, admin: str
) -> None:
    first = await add_field(client, admin, name="First")
    second = await add_field(client, admin, name="Second")
    edited = await uv(
        client, "PUT", f"/api/custom-field/{first}.json", admin, json={"name": "Renamed"}
    )
    assert edited.json() == {"message": "Success ! Custom field updated successfully."}
    ordered = await uv(
        client, "PUT", "/api/custom-field/order.json", admin, json={"order": [second, first]}
    )
    assert ordered.json() == {"message": "Success ! Custom fields order updated successfully."}
    listed = (await uv(client, "GET", "/api/custom-fields.json", admin)).json()
    assert [f["name"] for f in listed] == ["Second", "Renamed"]
    removed = await uv(client, "DELETE", f"/api/custom-field/{first}.json", admin)
    assert removed.json() == {"message": "Success ! Custom field removed successfully."}


async def test_ticket_values_are_checked_against_their_fields(
    client: httpx.AsyncClient, admin: str
) -> None:
    host = await add_field(client, admin, name="FTP host", validation={"regex": "^ftp\\..+$"})
    bad = await uv(
        client,
        "POST",
        "/api/tickets.json",
        admin,
        json={**SEED_TICKET, "customFields": {str(host): "nope"}},
    )
    assert f"customFields.{host}" in assert_uv_error(bad, 400)["errors"]
    good = await raise_ticket(client, admin, customFields={str(host): "ftp.example.com"})
    view = (await uv(client, "GET", f"/api/ticket/{good['incrementId']}.json", admin)).json()
    assert view["ticket"]["customFieldValues"][0]["value"] == "ftp.example.com"


async def test_a_required_field_of_the_tickets_type_must_be_given(
    client: httpx.AsyncClient, admin: str
) -> None:
    await add_field(client, admin, name="Order number", required=True, dependency=["807"])
    response = await uv(client, "POST", "/api/tickets.json", admin, json=SEED_TICKET)
    assert_uv_error(response, 400)


async def test_filters_answer_the_lists_asked_for(client: httpx.AsyncClient, admin: str) -> None:
    body = (
        await uv(client, "GET", "/en/api/filters.json?group=1&status=1&priority=1&source=1", admin)
    ).json()
    assert set(body) == {"group", "status", "priority", "source"}
    assert body["group"] == [{"id": 835, "name": "Default"}]
    assert [s["id"] for s in body["status"]] == [1, 2, 6, 3, 4, 5]
    assert body["source"] == {
        "email": "Email",
        "website": "Website",
        "facebook": "Facebook",
        "twitter": "Twitter",
    }
