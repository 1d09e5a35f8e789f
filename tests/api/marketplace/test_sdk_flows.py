"""What the official SDK does against the platform works here too: the bodies it sends and
the flows built on them (publish a fresh form, add parameters by ``parameterId``, answer)."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from mpt_api_client import AsyncMPTClient, MPTClient
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

EMAIL = {"name": "Email", "type": "Email", "scope": "Form", "constraints": {"required": True}}
SIZE = {
    "name": "Size",
    "type": "DropDown",
    "scope": "Form",
    "constraints": {"options": ["S", "M", "L"]},
}


@pytest.fixture
async def parties(app: FastAPI) -> Parties:
    return await make_parties(app)


async def test_a_fresh_form_is_published_at_once_with_the_sync_sdk(
    live_server: str, parties: Parties
) -> None:
    forms = sdk(live_server, parties.operations).helpdesk.forms
    form = forms.create({"name": "Quick survey"})
    published = forms.publish(form.id)
    assert (published.status, published.parameter_groups) == ("Published", [])


async def test_a_fresh_form_is_published_at_once_with_the_async_sdk(
    live_server: str, parties: Parties
) -> None:
    forms = async_sdk(live_server, parties.client).helpdesk.forms
    form = await forms.create({"name": "Quick survey"})
    assert (await forms.publish(form.id)).status == "Published"
    assert (await forms.unpublish(form.id)).status == "Unpublished"


async def test_the_sync_sdk_adds_a_parameter_to_a_group_by_parameter_id(
    live_server: str, parties: Parties
) -> None:
    helpdesk = sdk(live_server, parties.operations).helpdesk
    email = helpdesk.parameters.create(EMAIL)
    group = helpdesk.parameter_groups.create({"name": "Contact"})
    members = helpdesk.parameter_groups.parameters(group.id)
    member = members.create({"parameterId": email.id, "displayOrder": 100})
    assert (member.parameter.id, member.display_order) == (email.id, 100)
    moved = members.update(member.id, {"displayOrder": 50})
    assert members.get(member.id).display_order == moved.display_order == 50


async def test_the_async_sdk_adds_a_parameter_to_a_group_by_parameter_id(
    live_server: str, parties: Parties
) -> None:
    helpdesk = async_sdk(live_server, parties.client).helpdesk
    email = await helpdesk.parameters.create(EMAIL)
    group = await helpdesk.parameter_groups.create({"name": "Contact"})
    members = helpdesk.parameter_groups.parameters(group.id)
    member = await members.create({"parameterId": email.id, "displayOrder": 100})
    assert member.parameter.name == "Email"
    await members.update(member.id, {"parameterId": email.id, "displayOrder": 7})
    assert [m.display_order async for m in members.iterate()] == [7]


async def test_an_unknown_parameter_id_is_a_problem_naming_it(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    group = await call(client, "POST", "/parameter-groups", parties.client, json={"name": "G"})
    path = f"/parameter-groups/{group.json()['id']}/parameters"
    missing = await call(client, "POST", path, parties.client, json={"parameterId": 5})
    assert "parameter.id" in assert_problem(missing, 400)["errors"]


async def chat_with_stranger(client: httpx.AsyncClient, parties: Parties) -> str:
    response = await call(client, "POST", "/chats", parties.client, json={"type": "Group"})
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


async def test_the_sync_sdk_deleting_an_unknown_participant_is_a_bad_request(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    chat_id = await chat_with_stranger(client, parties)
    participants = sdk(live_server, parties.client).helpdesk.chats.participants(chat_id)
    with pytest.raises(MPTAPIError) as refused:
        participants.delete("CHP-0000-0000-0000")
    assert refused.value.status_code == 400


async def test_the_async_sdk_deleting_an_unknown_participant_is_a_bad_request(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    chat_id = await chat_with_stranger(client, parties)
    participants = async_sdk(live_server, parties.client).helpdesk.chats.participants(chat_id)
    with pytest.raises(MPTAPIError) as refused:
        await participants.delete("not-an-id")
    assert refused.value.status_code == 400


async def test_an_unknown_participant_answers_a_problem_document(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    chat_id = await chat_with_stranger(client, parties)
    path = f"/chats/{chat_id}/participants/CHP-0000-0000-0000"
    assert "id" in assert_problem(await call(client, "DELETE", path, parties.client), 400)["errors"]


async def test_a_participant_of_an_invisible_chat_is_still_not_found(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    chat_id = await chat_with_stranger(client, parties)
    path = f"/chats/{chat_id}/participants/CHP-0000-0000-0000"
    assert_problem(await call(client, "DELETE", path, parties.other_client), 404)


def build_form_with_sync_sdk(helpdesk: Any) -> dict[str, str]:
    email = helpdesk.parameters.create(EMAIL)
    size = helpdesk.parameters.create(SIZE)
    group = helpdesk.parameter_groups.create({"name": "Order"})
    members = helpdesk.parameter_groups.parameters(group.id)
    members.create({"parameterId": email.id, "displayOrder": 100})
    members.create({"parameterId": size.id, "displayOrder": 200})
    form = helpdesk.forms.create(
        {"name": "Order form", "parameterGroups": [{"parameterGroup": {"id": group.id}}]}
    )
    helpdesk.forms.publish(form.id)
    return {"form": form.id, "email": email.id, "size": size.id}


def value(parameter_id: str, given: Any) -> dict[str, Any]:
    return {"parameter": {"id": parameter_id}, "value": given}


async def test_the_whole_answers_flow_with_the_sync_sdk(live_server: str, parties: Parties) -> None:
    client: MPTClient = sdk(live_server, parties.operations)
    ids = build_form_with_sync_sdk(client.helpdesk)
    chat = client.helpdesk.chats.create({"type": "Group", "name": "Orders"})
    answers = client.helpdesk.chats.answers(chat.id)
    draft = answers.create({"form": {"id": ids["form"]}, "parameters": [value(ids["size"], "M")]})
    report = answers.validate(draft.id, {"parameters": [value(ids["size"], "XL")]})
    assert {p.name for p in report.parameters if p.to_dict().get("error")} == {"Email", "Size"}
    answers.update(draft.id, {"parameters": [value(ids["email"], "a@example.com")]})
    assert answers.submit(draft.id).status == "Submitted"
    assert answers.query(draft.id).status == "Querying"
    assert answers.submit(draft.id).status == "Submitted"
    assert answers.accept(draft.id).status == "Accepted"
    spare = answers.create({"form": {"id": ids["form"]}})
    answers.delete(spare.id)
    assert [a.id for a in answers.fetch_page(limit=10)] == [draft.id]


async def test_the_whole_answers_flow_with_the_async_sdk(
    live_server: str, parties: Parties
) -> None:
    ids = build_form_with_sync_sdk(sdk(live_server, parties.operations).helpdesk)
    client: AsyncMPTClient = async_sdk(live_server, parties.operations)
    chat = await client.helpdesk.chats.create({"type": "Group", "name": "Orders"})
    answers = client.helpdesk.chats.answers(chat.id)
    draft = await answers.create(
        {"form": {"id": ids["form"]}, "parameters": [value(ids["email"], "a@example.com")]}
    )
    assert [p.name for p in draft.parameters] == ["Email", "Size"]
    submitted = await answers.submit(draft.id, {"parameters": [value(ids["size"], "L")]})
    assert submitted.status == "Submitted"
    accepted = await answers.accept(draft.id)
    assert {"submitted", "accepted"} <= set(accepted.audit.to_dict())
    assert (await answers.get(draft.id)).status == "Accepted"


async def test_the_sdk_sends_fetched_objects_back_as_update_bodies(
    live_server: str, parties: Parties
) -> None:
    """A client that reads an object, changes a field and sends the whole model back."""
    helpdesk = sdk(live_server, parties.operations).helpdesk
    email = helpdesk.parameters.create(EMAIL)
    group = helpdesk.parameter_groups.create({"name": "Contact"})
    member = helpdesk.parameter_groups.parameters(group.id).create({"parameterId": email.id})
    form = helpdesk.forms.create(
        {"name": "Survey", "parameterGroups": [{"parameterGroup": {"id": group.id}}]}
    )
    queue = helpdesk.queues.create({"name": "Support"})
    services: list[tuple[Any, Any]] = [
        (helpdesk.parameters, email),
        (helpdesk.parameter_groups, group),
        (helpdesk.parameter_groups.parameters(group.id), member),
        (helpdesk.forms, form),
        (helpdesk.queues, queue),
    ]
    for service, item in services:
        body = service.get(item.id).to_dict()
        body["description"] = "Changed"
        updated = service.update(item.id, body)
        assert updated.id == item.id


async def test_the_async_sdk_removes_groups_and_their_parameters(
    live_server: str, parties: Parties
) -> None:
    helpdesk = async_sdk(live_server, parties.client).helpdesk
    email = await helpdesk.parameters.create(EMAIL)
    group = await helpdesk.parameter_groups.create({"name": "Contact"})
    members = helpdesk.parameter_groups.parameters(group.id)
    member = await members.create({"parameterId": email.id, "displayOrder": 1})
    renamed = await helpdesk.parameter_groups.update(group.id, {"label": "Your contact"})
    assert renamed.label == "Your contact"
    await members.delete(member.id)
    await helpdesk.parameter_groups.delete(group.id)
    await helpdesk.parameters.delete(email.id)
    assert [g.id async for g in helpdesk.parameter_groups.iterate()] == []
