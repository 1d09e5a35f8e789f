"""``/openapi.json`` documents what every route answers, and the suite holds the routes to it.

Every JSON 2xx body a test receives is validated against its documented schema by
``tests.documented_responses`` (wired into the ``client`` and ``live_server`` fixtures);
these tests pin the document itself and the checker's own behaviour.
"""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from jsonschema import Draft202012Validator

from helpdesk.api.common.documented import WireModel, ok
from tests.documented_responses import DocumentedResponses, Mismatches

pytestmark = pytest.mark.anyio

BINARY = {"type": "string", "format": "binary"}


async def fetch_document(client: httpx.AsyncClient) -> dict[str, Any]:
    response = await client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def operations(document: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [
        (f"{method.upper()} {path}", operation)
        for path, methods in document["paths"].items()
        for method, operation in methods.items()
    ]


def successes(operation: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {code: answer for code, answer in operation["responses"].items() if code[0] == "2"}


async def test_every_operation_documents_a_success_response(client: httpx.AsyncClient) -> None:
    document = await fetch_document(client)
    undocumented = [name for name, operation in operations(document) if not successes(operation)]
    assert undocumented == []


async def test_every_success_with_a_body_documents_its_schema(client: httpx.AsyncClient) -> None:
    """204 has no body; a file download documents its bytes; everything else its JSON."""
    document = await fetch_document(client)
    missing = []
    for name, operation in operations(document):
        for code, answer in successes(operation).items():
            content = answer.get("content", {})
            json_schema = content.get("application/json", {}).get("schema")
            file_only = bool(content) and all(
                media["schema"] == BINARY for media in content.values()
            )
            if code != "204" and not json_schema and not file_only:
                missing.append(f"{name} -> {code}")
    assert missing == []


async def test_every_documented_schema_is_valid_json_schema(client: httpx.AsyncClient) -> None:
    document = await fetch_document(client)
    for schema in document["components"]["schemas"].values():
        Draft202012Validator.check_schema(schema)


async def test_collections_document_the_meta_envelope(client: httpx.AsyncClient) -> None:
    document = await fetch_document(client)
    schemas = document["components"]["schemas"]
    cases = schemas["CaseCollection"]
    assert cases["required"] == ["$meta", "data"]
    assert cases["properties"]["data"]["items"] == {"$ref": "#/components/schemas/CaseSelection"}
    # select= may drop any key of an item, but not of a single case.
    assert "required" not in schemas["CaseSelection"]
    assert "queryPrompt" in schemas["Case"]["required"]


WRITES = {"post", "put", "patch", "delete"}
ERROR_BODIES = {
    # dialect path prefix: (media type, body of most errors, body of the 401)
    "/public/": ("application/problem+json", "Problem", "Problem"),
    "/api/": ("application/json", "ErrorAnswer", "AccessDenied"),
}
# UVdesk writes whose route reads no body field (only actAs*, which any write may carry).
BODILESS_UVDESK_WRITES = {
    "PATCH /api/customer/{user_id}.json",
    "PUT /api/ticket/{ticket_id}/trash.json",
    "POST /api/mail/quarantine/{item_id}/retry.json",
    # The path names both rows.
    "POST /api/task/{task_id}/thread/{thread_id}.json",
    "POST /api/ticket/{ticket_id}/workflow/{workflow_id}.json",
}


async def test_every_operation_documents_its_dialects_error_answers(
    client: httpx.AsyncClient,
) -> None:
    document = await fetch_document(client)
    for path, methods in document["paths"].items():
        prefix = next((p for p in ERROR_BODIES if path.startswith(p)), None)
        if prefix is None:
            continue
        media_type, model, unauthorized = ERROR_BODIES[prefix]
        for method, operation in methods.items():
            statuses = {400, 401, 403, 404} | ({409, 413, 415} if method in WRITES else set())
            for status in statuses:
                schema = operation["responses"][str(status)]["content"][media_type]["schema"]
                expected = unauthorized if status == 401 else model
                assert schema == {"$ref": f"#/components/schemas/{expected}"}, (path, status)


async def test_fastapis_unused_422_is_not_documented(client: httpx.AsyncClient) -> None:
    """Request validation answers 400 here; the one 422 is an Idempotency-Key reused for
    another request, so only creating requests document it, with the dialect's error body."""
    document = await fetch_document(client)
    documented = [name for name, op in operations(document) if "422" in op["responses"]]
    assert documented
    assert all(name.startswith("POST ") for name in documented)
    assert "HTTPValidationError" not in document["components"]["schemas"]


async def test_every_uvdesk_write_that_reads_a_body_documents_it(
    client: httpx.AsyncClient,
) -> None:
    """A new route declares ``openapi_extra=Body(...)``; DELETEs of a path id take none."""
    document = await fetch_document(client)
    undocumented = {
        name
        for name, operation in operations(document)
        if name.split()[1].startswith("/api/")
        and name.split()[0].lower() in WRITES - {"delete"}
        and "requestBody" not in operation
    }
    assert undocumented == BODILESS_UVDESK_WRITES


async def test_uvdesk_path_ids_document_the_range_a_row_can_have(
    client: httpx.AsyncClient,
) -> None:
    document = await fetch_document(client)
    [parameter] = document["paths"]["/api/ticket/{increment_id}.json"]["get"]["parameters"]
    assert parameter["schema"] | {"title": None} == {
        "type": "integer",
        "minimum": 0,
        "maximum": 2**31 - 1,
        "title": None,
    }


class Thing(WireModel):
    display_name: str


def probe_app() -> FastAPI:
    probe = FastAPI(title="probe")

    @probe.get("/things/{thing_id}", responses=ok(Thing))
    @probe.get("/old-things/{thing_id}", include_in_schema=False)
    async def get_thing(thing_id: str) -> Any:
        return {"displayName": 1 if thing_id == "wrong" else "Thing"}

    return probe


async def test_a_body_that_differs_from_its_schema_is_reported_with_route_and_path() -> None:
    mismatches = Mismatches()
    transport = httpx.ASGITransport(app=DocumentedResponses(probe_app(), mismatches))
    async with httpx.AsyncClient(transport=transport, base_url="http://probe") as http:
        assert (await http.get("/things/right")).status_code == 200
        assert (await http.get("/things/wrong")).status_code == 200
    assert mismatches.take() == [
        "GET /things/{thing_id} -> 200: at $.displayName: 1 is not of type 'string'"
    ]


async def test_an_undocumented_alias_is_held_to_its_handlers_documented_schema() -> None:
    mismatches = Mismatches()
    transport = httpx.ASGITransport(app=DocumentedResponses(probe_app(), mismatches))
    async with httpx.AsyncClient(transport=transport, base_url="http://probe") as http:
        assert (await http.get("/old-things/wrong")).status_code == 200
    assert mismatches.take() == [
        "GET /things/{thing_id} -> 200: at $.displayName: 1 is not of type 'string'"
    ]
