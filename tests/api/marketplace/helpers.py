"""Test parties for the Marketplace API: accounts of every kind, their tokens and SDK clients.

Isolation tests need two client accounts and a vendor besides operations; every test that
needs callers builds them with ``make_parties`` so the cast is the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from mpt_api_client import AsyncMPTClient, MPTClient
from mpt_api_client.auth import BearerTokenAuthentication

from helpdesk.domain.identity.models import AccountType
from tests.conftest import bearer
from tests.factories import marketplace_token

BASE = "/public/v1/helpdesk"


@dataclass(frozen=True, slots=True)
class Parties:
    operations: str
    client: str
    other_client: str
    vendor: str

    def all(self) -> dict[str, str]:
        return {
            "operations": self.operations,
            "client": self.client,
            "other_client": self.other_client,
            "vendor": self.vendor,
        }


async def make_parties(app: FastAPI) -> Parties:
    return Parties(
        operations=await marketplace_token(app, AccountType.OPERATIONS, "Ops", "ops@ops.test"),
        client=await marketplace_token(app, AccountType.CLIENT, "Client One", "ann@one.test"),
        other_client=await marketplace_token(app, AccountType.CLIENT, "Client Two", "bob@two.test"),
        vendor=await marketplace_token(app, AccountType.VENDOR, "Vendor", "val@vendor.test"),
    )


def sdk(base_url: str, token: str) -> MPTClient:
    """The official sync client. From an async test it blocks only the test's own loop:
    ``live_server`` runs the app on another thread."""
    return MPTClient.from_config(BearerTokenAuthentication(token), base_url)


def async_sdk(base_url: str, token: str) -> AsyncMPTClient:
    return AsyncMPTClient.from_config(BearerTokenAuthentication(token), base_url)


async def call(
    client: httpx.AsyncClient,
    method: str,
    path: str,
    token: str,
    *,
    headers: dict[str, str] | None = None,
    **kwargs: Any,
) -> httpx.Response:
    """A raw request to the helpdesk API, for what the SDK hides (status codes, headers)."""
    sent = {**bearer(token), **(headers or {})}
    return await client.request(method, f"{BASE}{path}", headers=sent, **kwargs)


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    """The response is an RFC 7807 problem document with the given status and a traceId."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["traceId"]
    return body
