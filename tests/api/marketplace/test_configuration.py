"""Parameter definitions, parameter groups and forms: life cycles, rules and ownership."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from mpt_api_client import RQLQuery
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

COLOUR = {
    "name": "Colour",
    "type": "Choice",
    "scope": "Form",
    "phase": "Request",
    "constraints": {"required": True, "options": ["red", "green"]},
}
SERIAL = {
    "name": "Serial number",
    "type": "SingleLineText",
    "scope": "Case",
    "displayOrder": 10,
    "constraints": {"pattern": "SN-[0-9]{4}"},
}


@pytest.fixture
async def parties(app: FastAPI) -> Parties:
    return await make_parties(app)


async def created(client: httpx.AsyncClient, token: str, path: str, body: dict[str, Any]) -> Any:
    response = await call(client, "POST", path, token, json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_a_parameter_definition_goes_through_its_life_cycle(
    live_server: str, parties: Parties
) -> None:
    parameters = sdk(live_server, parties.operations).helpdesk.parameters
    colour = parameters.create(COLOUR)
    assert colour.id.startswith("PAR-")
    assert colour.statistics.to_dict() == {"groupsCount": 0, "formsCount": 0}
    updated = parameters.update(colour.id, {"description": "Pick one"})
    assert (updated.description, updated.revision) == ("Pick one", 2)
    found = parameters.filter(RQLQuery(scope="Form")).fetch_page(limit=10)
    assert [p.id for p in found] == [colour.id]
    parameters.delete(colour.id)
    with pytest.raises(MPTAPIError) as gone:
        parameters.get(colour.id)
    assert gone.value.status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        {**SERIAL, "displayOrder": None},
        {**COLOUR, "constraints": {}},
        {**SERIAL, "constraints": {"pattern": "("}},
        {**COLOUR, "type": "Sparkles"},
    ],
)
async def test_a_broken_definition_is_refused(
    client: httpx.AsyncClient, parties: Parties, body: dict[str, Any]
) -> None:
    assert_problem(await call(client, "POST", "/parameters", parties.operations, json=body), 400)


async def test_groups_hold_ordered_parameters(live_server: str, parties: Parties) -> None:
    helpdesk = async_sdk(live_server, parties.client).helpdesk
    first = await helpdesk.parameters.create({**COLOUR, "name": "First"})
    second = await helpdesk.parameters.create({**COLOUR, "name": "Second"})
    group = await helpdesk.parameter_groups.create({"name": "Details", "label": "Your details"})
    members = helpdesk.parameter_groups.parameters(group.id)
    late = await members.create({"parameter": {"id": first.id}, "displayOrder": 20})
    await members.create({"parameter": {"id": second.id}, "displayOrder": 10})
    ordered = [m.parameter.name async for m in members.iterate()]
    assert ordered == ["Second", "First"]
    moved = await members.update(late.id, {"displayOrder": 5})
    assert moved.display_order == 5
    reread = await helpdesk.parameter_groups.get(group.id)
    assert [p.parameter.name for p in reread.parameters] == ["First", "Second"]
    used = await helpdesk.parameters.get(first.id)
    assert used.statistics.groups_count == 1
    await members.delete(late.id)
    assert [m.parameter.name async for m in members.iterate()] == ["Second"]


async def test_a_parameter_in_use_cannot_be_deleted(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    colour = await created(client, parties.client, "/parameters", COLOUR)
    group = await created(client, parties.client, "/parameter-groups", {"name": "G"})
    await created(
        client,
        parties.client,
        f"/parameter-groups/{group['id']}/parameters",
        {"parameter": {"id": colour["id"]}},
    )
    assert_problem(await call(client, "DELETE", f"/parameters/{colour['id']}", parties.client), 409)


async def test_a_form_is_published_frozen_and_unpublished(
    live_server: str, client: httpx.AsyncClient, parties: Parties
) -> None:
    forms = sdk(live_server, parties.client).helpdesk.forms
    empty = forms.create({"name": "Empty"})
    assert empty.status == "Unpublished"
    group = await created(client, parties.client, "/parameter-groups", {"name": "Details"})
    form = forms.create(
        {
            "name": "Order",
            "parameterGroups": [{"parameterGroup": {"id": group["id"]}, "displayOrder": 1}],
        }
    )
    assert form.parameter_groups[0].parameter_group.name == "Details"
    published = forms.publish(form.id)
    assert published.status == "Published"
    assert "published" in published.audit.to_dict()
    for attempt in (
        call(client, "PUT", f"/forms/{form.id}", parties.client, json={"name": "x"}),
        call(client, "DELETE", f"/forms/{form.id}", parties.client),
    ):
        assert_problem(await attempt, 409)
    assert forms.unpublish(form.id).status == "Unpublished"
    assert forms.update(form.id, {"name": "Order v2"}).name == "Order v2"
    forms.delete(form.id)
    assert [f.id for f in forms.fetch_page(limit=10)] == [empty.id]


async def test_operations_configuration_is_shared_read_only(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    shared = await created(client, parties.operations, "/parameters", COLOUR)
    seen = await call(client, "GET", f"/parameters/{shared['id']}", parties.client)
    assert seen.status_code == 200
    change = await call(client, "PUT", f"/parameters/{shared['id']}", parties.client, json={})
    assert_problem(change, 403)


async def test_an_accounts_configuration_is_its_own(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    mine = {
        "parameters": await created(client, parties.client, "/parameters", COLOUR),
        "parameter-groups": await created(
            client, parties.client, "/parameter-groups", {"name": "G"}
        ),
        "forms": await created(client, parties.client, "/forms", {"name": "F"}),
    }
    for intruder in (parties.other_client, parties.vendor):
        for collection, item in mine.items():
            assert_problem(await call(client, "GET", f"/{collection}/{item['id']}", intruder), 404)
            listed = (await call(client, "GET", f"/{collection}?limit=0", intruder)).json()
            assert listed["$meta"]["pagination"]["total"] == 0
            assert_problem(
                await call(client, "PUT", f"/{collection}/{item['id']}", intruder, json={}), 404
            )


async def test_shared_parameter_statistics_count_only_what_the_caller_sees(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    shared = await created(client, parties.operations, "/parameters", COLOUR)
    group = await created(client, parties.client, "/parameter-groups", {"name": "Mine"})
    await created(
        client,
        parties.client,
        f"/parameter-groups/{group['id']}/parameters",
        {"parameter": {"id": shared["id"]}},
    )
    await created(
        client,
        parties.client,
        "/forms",
        {"name": "Mine", "parameterGroups": [{"parameterGroup": {"id": group["id"]}}]},
    )
    path = f"/parameters/{shared['id']}"
    for caller, count in ((parties.client, 1), (parties.operations, 1), (parties.vendor, 0)):
        statistics = (await call(client, "GET", path, caller)).json()["statistics"]
        assert statistics == {"groupsCount": count, "formsCount": count}


async def test_case_parameters_are_checked_against_their_definitions(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    serial = await created(client, parties.operations, "/parameters", SERIAL)
    queue = await created(client, parties.operations, "/queues", {"name": "Support"})
    body = {
        "queue": {"id": queue["id"]},
        "chat": {"lastMessage": {"content": "Broken device"}},
        "parameters": [{"parameter": {"id": serial["id"]}, "value": "nope"}],
    }
    refused = await call(client, "POST", "/cases", parties.client, json=body)
    problem = assert_problem(refused, 400)
    assert f"parameters.{serial['id']}" in problem["errors"]
    body["parameters"] = [{"parameter": {"id": serial["id"]}, "value": "SN-1234"}]
    case = await created(client, parties.client, "/cases", body)
    [value] = case["parameters"]
    assert (value["name"], value["value"], value["displayValue"]) == (
        "Serial number",
        "SN-1234",
        "SN-1234",
    )
    changed = await call(
        client,
        "PUT",
        f"/cases/{case['id']}",
        parties.client,
        json={"parameters": [{"parameter": {"id": serial["id"]}, "value": "SN-9999"}]},
    )
    assert changed.json()["parameters"][0]["value"] == "SN-9999"
    definition = (
        await call(client, "GET", f"/parameters/{serial['id']}", parties.operations)
    ).json()
    assert definition["statistics"] == {"casesCount": 1}


async def test_a_heading_may_be_marked_multiple_and_still_takes_no_value(
    client: httpx.AsyncClient, parties: Parties
) -> None:
    body = {"name": "Section", "type": "Heading", "scope": "Form", "multiple": True}
    assert (await created(client, parties.client, "/parameters", body))["multiple"] is True
