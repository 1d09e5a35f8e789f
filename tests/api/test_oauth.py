"""OAuth 2.0 for API clients: the token endpoint's three grants, refresh-token rotation,
revocation (RFC 7009), RFC 6749 error bodies, and what the UVdesk API answers to the tokens."""

from __future__ import annotations

import base64
import json
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from helpdesk.core.clock import utcnow
from helpdesk.core.settings import Settings
from helpdesk.domain.identity import service as identity
from helpdesk.domain.identity.models import ApiToken, SupportRole
from helpdesk.domain.identity.passwords import hash_password
from helpdesk.domain.oauth.service import register_client
from tests.conftest import bearer
from tests.factories import in_transaction

pytestmark = pytest.mark.anyio

TOKEN = "/oauth/v2/token"
REVOKE = "/oauth/v2/revoke"
ACCESS_DENIED = {"error": "access_denied", "error_description": "OAuth2 authentication required"}
AGENT_EMAIL = "agent@desk.example"
PASSWORD = "correct horse battery"


async def new_client(app: FastAPI, member: str | None = None) -> dict[str, str]:
    async def work(session: AsyncSession) -> dict[str, str]:
        registered = await register_client(session, "Integration", member)
        return {"client_id": registered.client.client_id, "client_secret": registered.secret}

    return await in_transaction(app, work)


async def add_person(app: FastAPI, email: str, role: SupportRole) -> None:
    async def work(session: AsyncSession) -> None:
        user = await identity.ensure_user(session, email, name="Ann Agent")
        user.password_hash = hash_password(PASSWORD)
        await identity.ensure_user_instance(session, user, role)

    await in_transaction(app, work)


@pytest.fixture
async def member_client(app: FastAPI) -> dict[str, str]:
    await add_person(app, AGENT_EMAIL, SupportRole.AGENT)
    return await new_client(app, AGENT_EMAIL)


async def token(client: httpx.AsyncClient, **form: str) -> httpx.Response:
    return await client.post(TOKEN, data=form)


async def issued(client: httpx.AsyncClient, **form: str) -> dict[str, Any]:
    response = await token(client, **form)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def me(client: httpx.AsyncClient, access_token: str) -> httpx.Response:
    return await client.get("/api/me.json", headers=bearer(access_token))


async def test_client_credentials_tokens_act_as_the_clients_member(
    client: httpx.AsyncClient, member_client: dict[str, str]
) -> None:
    body = await issued(client, grant_type="client_credentials", **member_client)
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 3600
    assert "refresh_token" not in body
    shown = await me(client, body["access_token"])
    assert shown.status_code == 200
    assert shown.json()["email"] == AGENT_EMAIL
    assert shown.json()["roles"] == ["ROLE_AGENT"]


async def test_the_token_endpoint_answers_no_store(
    client: httpx.AsyncClient, member_client: dict[str, str]
) -> None:
    response = await token(client, grant_type="client_credentials", **member_client)
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["pragma"] == "no-cache"


async def test_clients_may_authenticate_with_http_basic(
    client: httpx.AsyncClient, member_client: dict[str, str]
) -> None:
    pair = f"{member_client['client_id']}:{member_client['client_secret']}"
    basic = {"Authorization": "Basic " + base64.b64encode(pair.encode()).decode()}
    response = await client.post(TOKEN, data={"grant_type": "client_credentials"}, headers=basic)
    assert response.status_code == 200, response.text


async def test_a_client_without_a_member_may_not_use_client_credentials(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    response = await token(client, grant_type="client_credentials", **await new_client(app))
    assert response.status_code == 400
    assert response.json()["error"] == "unauthorized_client"


async def test_the_password_grant_acts_as_the_user_and_issues_a_refresh_token(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    await add_person(app, AGENT_EMAIL, SupportRole.AGENT)
    credentials = await new_client(app)
    body = await issued(
        client, grant_type="password", username=AGENT_EMAIL, password=PASSWORD, **credentials
    )
    assert body["refresh_token"]
    assert (await me(client, body["access_token"])).json()["email"] == AGENT_EMAIL


async def test_a_wrong_password_is_invalid_grant(app: FastAPI, client: httpx.AsyncClient) -> None:
    await add_person(app, AGENT_EMAIL, SupportRole.AGENT)
    credentials = await new_client(app)
    response = await token(
        client, grant_type="password", username=AGENT_EMAIL, password="wrong!", **credentials
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_grant"


async def password_tokens(
    app: FastAPI, client: httpx.AsyncClient
) -> tuple[dict[str, str], dict[str, Any]]:
    await add_person(app, AGENT_EMAIL, SupportRole.AGENT)
    credentials = await new_client(app)
    body = await issued(
        client, grant_type="password", username=AGENT_EMAIL, password=PASSWORD, **credentials
    )
    return credentials, body


async def test_a_refresh_token_gives_new_tokens_once(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    credentials, first = await password_tokens(app, client)
    second = await issued(
        client, grant_type="refresh_token", refresh_token=first["refresh_token"], **credentials
    )
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert (await me(client, second["access_token"])).status_code == 200
    again = await token(
        client, grant_type="refresh_token", refresh_token=first["refresh_token"], **credentials
    )
    assert again.status_code == 400
    assert again.json()["error"] == "invalid_grant"
    rotated = await issued(
        client, grant_type="refresh_token", refresh_token=second["refresh_token"], **credentials
    )
    assert rotated["refresh_token"]


async def test_another_clients_refresh_token_is_refused_and_stays_usable(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    credentials, first = await password_tokens(app, client)
    stranger = await new_client(app)
    refused = await token(
        client, grant_type="refresh_token", refresh_token=first["refresh_token"], **stranger
    )
    assert refused.json()["error"] == "invalid_grant"
    await issued(
        client, grant_type="refresh_token", refresh_token=first["refresh_token"], **credentials
    )


async def test_an_expired_access_token_gets_the_uvdesk_401(
    app: FastAPI, client: httpx.AsyncClient, member_client: dict[str, str]
) -> None:
    body = await issued(client, grant_type="client_credentials", **member_client)

    async def expire(session: AsyncSession) -> None:
        await session.execute(
            update(ApiToken)
            .where(ApiToken.oauth_client_id.is_not(None))
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )

    await in_transaction(app, expire)
    response = await me(client, body["access_token"])
    assert response.status_code == 401
    assert response.json() == ACCESS_DENIED


async def test_a_revoked_access_token_stops_working_at_once(
    client: httpx.AsyncClient, member_client: dict[str, str]
) -> None:
    body = await issued(client, grant_type="client_credentials", **member_client)
    revoked = await client.post(REVOKE, data={"token": body["access_token"], **member_client})
    assert revoked.status_code == 200
    assert revoked.json() == {}
    response = await me(client, body["access_token"])
    assert (response.status_code, response.json()) == (401, ACCESS_DENIED)


async def test_revoking_a_refresh_token_revokes_its_access_token_too(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    credentials, body = await password_tokens(app, client)
    form = {"token": body["refresh_token"], "token_type_hint": "refresh_token", **credentials}
    assert (await client.post(REVOKE, data=form)).status_code == 200
    assert (await me(client, body["access_token"])).status_code == 401
    refreshed = await token(
        client, grant_type="refresh_token", refresh_token=body["refresh_token"], **credentials
    )
    assert refreshed.json()["error"] == "invalid_grant"


async def test_revoking_an_unknown_token_answers_200(
    client: httpx.AsyncClient, member_client: dict[str, str]
) -> None:
    response = await client.post(REVOKE, data={"token": "hdk_nothing", **member_client})
    assert (response.status_code, response.json()) == (200, {})


async def test_a_client_cannot_revoke_another_clients_token(
    app: FastAPI, client: httpx.AsyncClient, member_client: dict[str, str]
) -> None:
    body = await issued(client, grant_type="client_credentials", **member_client)
    stranger = await new_client(app)
    refused = await client.post(REVOKE, data={"token": body["access_token"], **stranger})
    assert refused.status_code == 400
    assert (await me(client, body["access_token"])).status_code == 200


@pytest.mark.parametrize(
    ("form", "status", "error"),
    [
        ({"grant_type": "authorization_code"}, 400, "unsupported_grant_type"),
        ({"grant_type": "client_credentials", "client_secret": "nope"}, 401, "invalid_client"),
        ({"grant_type": "password"}, 400, "invalid_request"),
    ],
)
async def test_refusals_are_rfc_6749_error_bodies(
    client: httpx.AsyncClient,
    member_client: dict[str, str],
    form: dict[str, str],
    status: int,
    error: str,
) -> None:
    sent = {**member_client, **form}
    response = await token(client, **sent)
    assert response.status_code == status, response.text
    body = response.json()
    assert body["error"] == error
    assert set(body) <= {"error", "error_description", "error_uri"}


async def test_an_unknown_client_is_invalid_client(client: httpx.AsyncClient) -> None:
    response = await token(
        client, grant_type="client_credentials", client_id="nobody", client_secret="x"
    )
    # RFC 6749, 5.2: 401 is a MAY unless the client tried HTTP Basic.
    assert response.status_code in (400, 401)
    assert response.json()["error"] == "invalid_client"


async def test_personal_access_tokens_keep_working(app: FastAPI, client: httpx.AsyncClient) -> None:
    async def work(session: AsyncSession) -> str:
        user = await identity.ensure_user(session, "pat@desk.example")
        instance = await identity.ensure_user_instance(session, user, SupportRole.ADMIN)
        return (await identity.issue_token(session, user, instance=instance)).secret

    assert (await me(client, await in_transaction(app, work))).status_code == 200


def test_the_cli_creates_a_client_whose_credentials_work(
    cli_environment: Settings, live_server: str
) -> None:
    runner = CliRunner()
    person = runner.invoke(
        cli, ["token", "create", "--uvdesk-role", "admin", "--email", "boss@desk.test"]
    )
    assert person.exit_code == 0, person.output
    result = runner.invoke(
        cli, ["oauth-client", "create", "--name", "Reports", "--email", "boss@desk.test"]
    )
    assert result.exit_code == 0, result.output
    created = json.loads(result.stdout)
    assert set(created) == {"client_id", "client_secret"}
    answer = httpx.post(
        f"{live_server}{TOKEN}", data={"grant_type": "client_credentials", **created}
    )
    assert answer.status_code == 200, answer.text
    shown = httpx.get(f"{live_server}/api/me.json", headers=bearer(answer.json()["access_token"]))
    assert shown.json()["email"] == "boss@desk.test"


def test_the_cli_refuses_a_member_who_is_no_agent(cli_environment: Settings) -> None:
    result = CliRunner().invoke(
        cli, ["oauth-client", "create", "--name", "X", "--email", "nobody@desk.test"]
    )
    assert result.exit_code != 0
