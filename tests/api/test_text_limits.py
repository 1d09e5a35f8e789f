"""Every text field has a documented maximum; past it, or in a shape the field cannot take,
the answer is a 400 naming the field (docs/decisions.md, "Input bounds")."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.shared.bounds import NAME_MAX, PHONE_MAX, SUBJECT_MAX
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET, raise_ticket

pytestmark = pytest.mark.anyio


async def test_a_ticket_subject_longer_than_a_mail_header_line_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    body = {**SEED_TICKET, "subject": "s" * (SUBJECT_MAX + 1)}
    response = await uv(client, "POST", "/api/tickets.json", token, json=body)
    assert "subject" in assert_uv_error(response, 400)["errors"]


async def test_a_ticket_subject_of_the_maximum_length_is_taken(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    raised = await raise_ticket(client, token, subject="s" * SUBJECT_MAX)
    response = await uv(client, "GET", f"/api/ticket/{raised['incrementId']}.json", token)
    assert response.json()["ticket"]["subject"] == "s" * SUBJECT_MAX


async def test_a_label_name_of_a_hundred_thousand_characters_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    response = await uv(client, "POST", "/api/labels.json", token, json={"name": "l" * 100_000})
    assert "name" in assert_uv_error(response, 400)["errors"]


async def test_a_label_name_one_past_the_name_limit_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    response = await uv(
        client, "POST", "/api/labels.json", token, json={"name": "l" * (NAME_MAX + 1)}
    )
    assert "name" in assert_uv_error(response, 400)["errors"]


@pytest.mark.parametrize("sender", ["not an address", "Ann <ann@example.com>", "ann@"])
async def test_a_ticket_from_something_that_is_not_an_email_address_is_refused(
    app: FastAPI, client: httpx.AsyncClient, sender: str
) -> None:
    token = await admin_token(app)
    body = {**SEED_TICKET, "from": sender}
    response = await uv(client, "POST", "/api/tickets.json", token, json=body)
    assert "from" in assert_uv_error(response, 400)["errors"]


async def test_a_customer_email_must_be_an_email_address(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    body = {"email": "nobody", "firstName": "No", "lastName": "Body"}
    response = await uv(client, "POST", "/api/customers.json", token, json=body)
    assert "email" in assert_uv_error(response, 400)["errors"]


async def test_a_contact_number_longer_than_its_column_is_refused(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    body = {
        "email": "cara@example.com",
        "firstName": "Cara",
        "contactNumber": "1" * (PHONE_MAX + 1),
    }
    response = await uv(client, "POST", "/api/customers.json", token, json=body)
    assert "contactNumber" in assert_uv_error(response, 400)["errors"]


async def test_a_value_longer_than_its_column_is_refused_at_flush_naming_the_attribute(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    """``timezone`` has no bound of its own at the face beyond a name's; its column is
    shorter, and the check before each flush refuses it instead of the database."""
    token = await admin_token(app)
    body = {"email": "dora@example.com", "firstName": "Dora"}
    created = await uv(client, "POST", "/api/customers.json", token, json=body)
    path = f"/api/customer/{created.json()['id']}.json"
    response = await uv(client, "PUT", path, token, json={"timezone": "Z" * 200})
    assert "timezone" in assert_uv_error(response, 400)["errors"]
