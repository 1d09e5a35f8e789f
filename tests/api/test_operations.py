"""Health, API documentation and the access log."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import bearer
from tests.factories import uvdesk_token

pytestmark = pytest.mark.anyio


async def test_healthz_checks_the_database(client: httpx.AsyncClient) -> None:
    response = await client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


async def test_openapi_and_interactive_docs_are_served(client: httpx.AsyncClient) -> None:
    spec = await client.get("/openapi.json")
    assert spec.status_code == 200
    assert "/api/me.json" in spec.json()["paths"]
    assert (await client.get("/docs")).status_code == 200


async def test_each_request_logs_one_line_without_secrets(
    app: FastAPI, client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = await uvdesk_token(app)
    with caplog.at_level(logging.INFO, logger="helpdesk.access"):
        response = await client.get("/en/api/me.json", headers=bearer(token))
    records = [r for r in caplog.records if r.name == "helpdesk.access"]
    assert len(records) == 1
    record = records[0].__dict__
    assert record["method"] == "GET"
    assert record["route"] == "/api/me.json"
    assert record["status"] == 200
    assert isinstance(record["durationMs"], float)
    assert token not in str(record)
    assert response.headers["x-trace-id"]
