"""Form answers in chats: drafts, validation, submit / query / accept."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from mpt_api_client.exceptions import MPTAPIError

from tests.api.marketplace.helpers import (
    Parties,
    assert_problem,
    async_sdk,
    call,
    make_parties,
    sdk,
)

pytestmark = pytest.mark.anyio


@pytest.fixture
async def parties(app: FastAPI) -> Parties:
    return await make_parties(app)


async def post(client: httpx.AsyncClient, token: str, path: str, body: Any) -> Any:
    response = await call(client, "POST", path, token, json=body)
    assert response.status_code in (200, 201), response.text
    return response.json()


@pytest.fixture
async def form(client: httpx.AsyncClient, parties: Parties) -> dict[str, Any]:
    """A published operations form asking for a required email and an optional colour."""
    ops = parties.operations
    email = await post(
        client,
        ops,
        "/parameters",
        {"name": "Email", "type": "Email", "scope": "Form", "constraints": {"required": True}},
    )
    colour = await post(
        client,
        ops,
        "/parameters",
        {
            "name": "Colour",
            "type": "DropDown",
            "scope": "Form",
            "constraints": {"options": ["red", "blue"]},
        },
    )
    group = await post(client, ops, "/parameter-groups", {"name": "Contact"})
    for order, parameter in enumerate((email, colour)):
        await post(
            client,
            ops,
            f"/parameter-groups/{group['id']}/parameters",
            {"parameter": {"id": parameter["id"]}, "displayOrder": order},
        )
    created = await post(
        client,
        ops,
        "/forms",
        {"name": "Onboarding", "parameterGroups": [{"parameterGroup": {"id": group["id"]}}]},
    )
    await post(client, ops, f"/forms/{created['id']}/publish", None)
    return {"form": created, "email": email["id"], "colour": colour["id"]}


@pytest.fixture
async def chat_id(client: httpx.AsyncClient, parties: Parties) -> str:
    chat = await post(client, parties.client, "/chats", {"type": "Group", "name": "Onboarding"})
    return str(chat["id"])


async def test_an_answer_goes_from_draft_to_accepted_with_the_sdk(
    live_server: str, parties: Parties, form: dict[str, Any], chat_id: str
) -> None:
    answers = sdk(live_server, parties.client).helpdesk.chats.answers(chat_id)
    draft = answers.create(
        {
            "form": {"id": form["form"]["id"]},
            "parameters": [{"parameter": {"id": form["colour"]}, "value": "red"}],
        }
    )
    assert draft.id.startswith("ANS-")
    assert draft.status == "Draft"
    assert [p.name for p in draft.parameters] == ["Email", "Colour"]
    submitted = answers.submit(
        draft.id, {"parameters": [{"parameter": {"id": form["email"]}, "value": "a@example.com"}]}
    )
    assert submitted.status == "Submitted"
    queried = answers.query(draft.id)
    assert queried.status == "Querying"
    answers.update(
        draft.id, {"parameters": [{"parameter": {"id": form["colour"]}, "value": "blue"}]}
    )
    assert answers.submit(draft.id).status == "Submitted"
    accepted = answers.accept(draft.id)
    assert accepted.status == "Accepted"
    assert {"submitted", "queried", "accepted"} <= set(accepted.audit.to_dict())
    assert [a.id for a in answers.fetch_page(limit=10)] == [draft.id]


async def test_submitting_without_a_required_value_is_refused(
    client: httpx.AsyncClient, parties: Parties, form: dict[str, Any], chat_id: str
) -> None:
    draft = await post(
        client, parties.client, f"/chats/{chat_id}/answers", {"form": {"id": form["form"]["id"]}}
    )
    response = await call(
        client, "POST", f"/chats/{chat_id}/answers/{draft['id']}/submit", parties.client
    )
    problem = assert_problem(response, 400)
    assert f"parameters.{form['email']}" in problem["errors"]


async def test_validate_reports_problems_without_changing_anything(
    live_server: str, parties: Parties, form: dict[str, Any], chat_id: str
) -> None:
    answers = async_sdk(live_server, parties.client).helpdesk.chats.answers(chat_id)
    draft = await answers.create({"form": {"id": form["form"]["id"]}})
    report = await answers.validate(
        draft.id, {"parameters": [{"parameter": {"id": form["colour"]}, "value": "green"}]}
    )
    errors = {p.name: p.error.id for p in report.parameters if p.to_dict().get("error")}
    assert errors == {"Email": "required", "Colour": "choice"}
    unchanged = await answers.get(draft.id)
    assert (unchanged.status, unchanged.revision) == ("Draft", 1)


async def test_a_submitted_answer_is_frozen(
    client: httpx.AsyncClient, parties: Parties, form: dict[str, Any], chat_id: str
) -> None:
    body = {
        "form": {"id": form["form"]["id"]},
        "parameters": [{"parameter": {"id": form["email"]}, "value": "a@example.com"}],
    }
    draft = await post(client, parties.client, f"/chats/{chat_id}/answers", body)
    path = f"/chats/{chat_id}/answers/{draft['id']}"
    await post(client, parties.client, f"{path}/submit", None)
    assert_problem(await call(client, "PUT", path, parties.client, json={"name": "x"}), 409)
    assert_problem(await call(client, "POST", f"{path}/submit", parties.client), 409)


async def test_an_unpublished_form_cannot_be_answered(
    client: httpx.AsyncClient, parties: Parties, form: dict[str, Any], chat_id: str
) -> None:
    await post(client, parties.operations, f"/forms/{form['form']['id']}/unpublish", None)
    response = await call(
        client,
        "POST",
        f"/chats/{chat_id}/answers",
        parties.client,
        json={"form": {"id": form["form"]["id"]}},
    )
    assert_problem(response, 404)


async def test_answers_stay_inside_their_chat(
    live_server: str,
    client: httpx.AsyncClient,
    parties: Parties,
    form: dict[str, Any],
    chat_id: str,
) -> None:
    draft = await post(
        client, parties.client, f"/chats/{chat_id}/answers", {"form": {"id": form["form"]["id"]}}
    )
    for intruder in (parties.other_client, parties.vendor):
        with pytest.raises(MPTAPIError) as hidden:
            sdk(live_server, intruder).helpdesk.chats.answers(chat_id).get(draft["id"])
        assert hidden.value.status_code == 404
