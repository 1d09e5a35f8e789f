"""Bearer tokens turn into actors on both faces; everything else is the dialect's 401."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.core.clock import utcnow
from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.models import SupportRole
from tests.conftest import bearer
from tests.factories import in_transaction, marketplace_token, uvdesk_token

pytestmark = pytest.mark.anyio

UVDESK_401 = {"error": "access_denied", "error_description": "OAuth2 authentication required"}
CONTACT_PATH = "/public/v1/notifications/contacts/CTT-0000-0000"


async def test_uvdesk_answers_its_exact_401_body_without_a_token(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/me.json")
    assert response.status_code == 401
    assert response.json() == UVDESK_401


async def test_uvdesk_answers_its_exact_401_body_for_an_unknown_token(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/en/api/me.json", headers=bearer("hdk_not-a-real-token"))
    assert response.status_code == 401
    assert response.json() == UVDESK_401


async def test_marketplace_answers_a_problem_document_without_a_token(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get(CONTACT_PATH)
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 401
    assert body["title"] == "Unauthorized"
    assert body["traceId"] == response.headers["x-trace-id"]


async def test_a_uvdesk_token_authenticates_from_the_header(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await uvdesk_token(app, SupportRole.AGENT, "agent@desk.test")
    response = await client.get("/api/me.json", headers=bearer(token))
    assert response.status_code == 200
    assert response.json()["email"] == "agent@desk.test"
    assert response.json()["roles"] == ["ROLE_AGENT"]


async def test_a_uvdesk_token_authenticates_from_the_access_token_parameter(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await uvdesk_token(app)
    response = await client.get("/de/api/me.json", params={"access_token": token})
    assert response.status_code == 200


async def test_the_access_token_parameter_is_not_honoured_on_marketplace_routes(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await marketplace_token(app)
    response = await client.get(CONTACT_PATH, params={"access_token": token})
    assert response.status_code == 401


async def test_a_marketplace_token_authenticates_a_marketplace_request(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await marketplace_token(app)
    response = await client.get(CONTACT_PATH, headers=bearer(token))
    assert response.status_code == 404  # authenticated; the contact just does not exist


async def test_a_token_without_a_uvdesk_role_is_refused_by_uvdesk(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await marketplace_token(app)
    response = await client.get("/api/me.json", headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == UVDESK_401


async def test_a_token_without_an_account_is_refused_by_marketplace(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await uvdesk_token(app)
    response = await client.get(CONTACT_PATH, headers=bearer(token))
    assert response.status_code == 401


async def test_a_revoked_token_stops_authenticating(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await uvdesk_token(app)
    assert (await client.get("/api/me.json", headers=bearer(token))).status_code == 200

    revoked = await in_transaction(app, lambda session: identity.revoke_token(session, token))

    assert revoked is True
    response = await client.get("/api/me.json", headers=bearer(token))
    assert response.status_code == 401
    assert response.json() == UVDESK_401


async def test_an_expired_token_stops_authenticating(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await marketplace_token(app, expires_at=utcnow() - timedelta(seconds=1))
    response = await client.get(CONTACT_PATH, headers=bearer(token))
    assert response.status_code == 401


async def test_a_token_is_stored_only_as_its_hash(app: FastAPI) -> None:
    from sqlalchemy import select  # noqa: PLC0415

    from helpdesk.domain.identity.models import ApiToken  # noqa: PLC0415

    token = await uvdesk_token(app)
    stored = await in_transaction(app, lambda session: session.scalar(select(ApiToken.token_hash)))
    assert stored is not None
    assert token not in stored
