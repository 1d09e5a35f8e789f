"""Feedback: submission with files, review by operations, the no-edit-after-review rule.

The official SDK has no feedback resource, so these tests speak plain HTTP."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from tests.api.marketplace.helpers import Parties, assert_problem, call, make_parties

pytestmark = pytest.mark.anyio


@pytest.fixture
async def parties(app: FastAPI) -> Parties:
    return await make_parties(app)


async def submit(client: httpx.AsyncClient, token: str, **body: Any) -> Any:
    response = await call(client, "POST", "/feedback", token, json={"name": "Slow pages", **body})
    assert response.status_code == 201, response.text
    return response.json()


async def test_feedback_records_where_it_came_from(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    response = await call(
        client,
        "POST",
        "/feedback",
        parties.client,
        json={"name": "Great", "rating": 2, "metadata": {"forged": True}},
        headers={"User-Agent": "Portal/1.0", "Accept-Language": "de", "Referer": "/orders"},
    )
    feedback = response.json()
    assert feedback["id"].startswith("FDB-")
    assert feedback["status"] == "Submitted"
    assert feedback["requester"]["email"] == "ann@one.test"
    metadata = feedback["metadata"]
    assert (metadata["userAgent"], metadata["language"], metadata["referrer"]) == (
        "Portal/1.0",
        "de",
        "/orders",
    )
    assert "forged" not in metadata


async def test_multipart_feedback_carries_its_attachments(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    response = await client.post(
        "/public/v1/helpdesk/feedback",
        headers={"Authorization": f"Bearer {parties.client}"},
        files=[
            ("feedback", (None, '{"name": "Broken layout"}', "application/json")),
            ("attachments", ("screen.png", b"png bytes", "image/png")),
            ("attachments", ("notes.txt", b"text", "text/plain")),
        ],
    )
    assert response.status_code == 201, response.text
    attachments = response.json()["attachments"]
    assert [(a["filename"], a["type"]) for a in attachments] == [
        ("screen.png", "Image"),
        ("notes.txt", "File"),
    ]
    path = f"/feedback/{response.json()['id']}/attachments/{attachments[0]['id']}"
    download = await call(client, "GET", path, parties.client, headers={"Accept": "image/png"})
    assert download.content == b"png bytes"
    metadata = await call(
        client, "GET", path, parties.client, headers={"Accept": "application/json"}
    )
    assert metadata.json()["contentType"] == "image/png"


async def test_attachments_are_added_renamed_and_removed(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    feedback = await submit(client, parties.client)
    added = await client.post(
        f"/public/v1/helpdesk/feedback/{feedback['id']}/attachments",
        headers={"Authorization": f"Bearer {parties.client}"},
        files={
            "attachment": (None, '{"name": "Log"}', "application/json"),
            "file": ("log.txt", b"trace", "text/plain"),
        },
    )
    assert added.status_code == 201
    path = f"/feedback/{feedback['id']}/attachments/{added.json()['id']}"
    renamed = await call(client, "PUT", path, parties.client, json={"name": "Server log"})
    assert renamed.json()["name"] == "Server log"
    listed = await call(client, "GET", f"/feedback/{feedback['id']}/attachments", parties.client)
    assert listed.json()["$meta"]["pagination"]["total"] == 1
    assert (await call(client, "DELETE", path, parties.client)).status_code == 204
    assert_problem(await call(client, "GET", path, parties.client), 404)


async def test_only_operations_review_and_a_review_freezes_the_feedback(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    feedback = await submit(client, parties.client)
    path = f"/feedback/{feedback['id']}"
    assert_problem(await call(client, "POST", f"{path}/review", parties.client), 403)
    reviewed = await call(
        client,
        "POST",
        f"{path}/review",
        parties.operations,
        json={"notes": "Thanks, fixed", "internalNotes": "cache issue"},
    )
    assert reviewed.json()["status"] == "Reviewed"
    assert "reviewed" in reviewed.json()["audit"]
    assert_problem(await call(client, "POST", f"{path}/review", parties.operations), 409)
    seen = (await call(client, "GET", path, parties.client)).json()
    assert seen["notes"] == "Thanks, fixed"
    assert "internalNotes" not in seen
    assert_problem(await call(client, "PUT", path, parties.client, json={"rating": -2}), 409)
    assert_problem(await call(client, "DELETE", path, parties.client), 409)


async def test_requesters_cannot_write_operations_notes(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    feedback = await submit(client, parties.client, internalNotes="sneaky", notes="mine")
    seen = (await call(client, "GET", f"/feedback/{feedback['id']}", parties.operations)).json()
    assert (seen["notes"], seen["internalNotes"]) == (None, None)


async def test_deleted_feedback_disappears_for_its_account_only(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    feedback = await submit(client, parties.client)
    path = f"/feedback/{feedback['id']}"
    assert (await call(client, "DELETE", path, parties.client)).status_code == 204
    assert_problem(await call(client, "GET", path, parties.client), 404)
    assert (await call(client, "GET", path, parties.operations)).json()["status"] == "Deleted"


async def test_a_rating_outside_minus_two_to_two_is_refused(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    response = await call(
        client, "POST", "/feedback", parties.client, json={"name": "x", "rating": 5}
    )
    assert_problem(response, 400)


async def test_accounts_cannot_reach_each_others_feedback(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    response = await client.post(
        "/public/v1/helpdesk/feedback",
        headers={"Authorization": f"Bearer {parties.client}"},
        files=[
            ("feedback", (None, '{"name": "Private"}', "application/json")),
            ("attachments", ("secret.txt", b"secret", "text/plain")),
        ],
    )
    feedback = response.json()
    path = f"/feedback/{feedback['id']}"
    file_path = f"{path}/attachments/{feedback['attachments'][0]['id']}"
    for intruder in (parties.other_client, parties.vendor):
        assert_problem(await call(client, "GET", path, intruder), 404)
        listed = (await call(client, "GET", "/feedback", intruder)).json()
        assert listed["$meta"]["pagination"]["total"] == 0
        assert_problem(await call(client, "PUT", path, intruder, json={"rating": 1}), 404)
        download = await call(client, "GET", file_path, intruder, headers={"Accept": "*/*"})
        assert_problem(download, 404)
    operations_list = (
        await call(client, "GET", "/feedback?eq(status,Submitted)", parties.operations)
    ).json()
    assert operations_list["$meta"]["pagination"]["total"] == 1
