"""Every failure is answered in the format of the dialect that owns the path."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI

from tests.conftest import bearer
from tests.factories import marketplace_token, uvdesk_token

pytestmark = pytest.mark.anyio

CONTACTS = "/public/v1/notifications/contacts"


async def test_a_validation_error_is_a_problem_document_naming_the_field(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await marketplace_token(app)
    response = await client.post(CONTACTS, json={"name": "Ann"}, headers=bearer(token))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["status"] == 400
    assert body["traceId"] == response.headers["x-trace-id"]
    assert "email" in body["errors"]


async def test_malformed_json_is_a_400_problem_document(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await marketplace_token(app)
    response = await client.post(
        CONTACTS,
        content=b"{not json",
        headers={**bearer(token), "content-type": "application/json"},
    )
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"


async def test_an_unknown_marketplace_path_is_a_404_problem_document(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/public/v1/helpdesk/nothing-here")
    assert response.status_code == 404
    assert response.json()["traceId"]


async def test_an_unknown_uvdesk_route_is_a_uvdesk_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/api/nothing-here.json")
    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "message": "Not Found"}


async def test_an_unsupported_locale_is_a_404(app: FastAPI, client: httpx.AsyncClient) -> None:
    token = await uvdesk_token(app)
    response = await client.get("/es/api/me.json", headers=bearer(token))
    assert response.status_code == 404


async def test_the_html_format_is_not_acceptable(client: httpx.AsyncClient) -> None:
    response = await client.get("/en/api/me.html")
    assert response.status_code == 406
    assert response.json()["error"] == "not_acceptable"


async def test_every_response_carries_a_trace_id(client: httpx.AsyncClient) -> None:
    for path in ("/healthz", "/api/me.json", "/public/v1/helpdesk/x", "/nowhere"):
        response = await client.get(path)
        assert len(response.headers["x-trace-id"]) >= 16, path


async def test_an_unhandled_exception_is_a_clean_500_in_each_dialect(
    app: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    async def explode() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/public/v1/helpdesk/explode", explode)
    app.add_api_route("/api/explode.json", explode)
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        with caplog.at_level(logging.ERROR, logger="helpdesk.errors"):
            problem = await http.get("/public/v1/helpdesk/explode")
            uvdesk = await http.get("/fr/api/explode.json")

    assert problem.status_code == 500
    assert problem.headers["content-type"] == "application/problem+json"
    assert problem.json()["traceId"] == problem.headers["x-trace-id"]
    assert "boom" not in problem.text
    assert uvdesk.status_code == 500
    assert uvdesk.json() == {"error": "internal_error", "message": "An unexpected error occurred."}
    logged = {getattr(record, "traceId", None): record for record in caplog.records}
    assert logged[problem.headers["x-trace-id"]].exc_info is not None
