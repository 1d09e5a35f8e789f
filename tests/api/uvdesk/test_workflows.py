"""Managing workflows (``/api/workflows.json``, ``/api/workflow/{type}/{id}.json``, the
order) and applying prepared responses, as administrators and privileged agents do."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket
from tests.workflows.helpers import HIGH, add_workflow, automatic, runs, tag_names, ticket_view

pytestmark = pytest.mark.anyio

MANAGE_AUTOMATIC = "ROLE_AGENT_MANAGE_WORKFLOW_AUTOMATIC"
MANAGE_MANUAL = "ROLE_AGENT_MANAGE_WORKFLOW_MANUAL"
APPLY = "ROLE_AGENT_APPLY_WORKFLOW"
PREPARED = {
    "type": 0,
    "name": "Escalate to billing",
    "actions": [{"type": "priority", "value": str(HIGH)}, {"type": "tag", "value": "billing"}],
}


async def listed(client: httpx.AsyncClient, token: str, query: str = "") -> list[dict[str, Any]]:
    response = await uv(client, "GET", f"/api/workflows.json{query}", token)
    assert response.status_code == 200, response.text
    found: list[dict[str, Any]] = response.json()["workflows"]
    return found


async def test_an_added_workflow_is_listed_as_it_was_sent(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    body = automatic("Invoices", ["created"], [("priority", HIGH)], [("subject", "contains", "x")])

    workflow = await add_workflow(client, admin, {**body, "description": "set priority"})

    [shown] = [w for w in await listed(client, admin) if w["id"] == workflow]
    assert shown == {
        "id": workflow,
        "name": "Invoices",
        "description": "set priority",
        "type": 1,
        "isActive": True,
        "sortOrder": 4,  # after the three default notification workflows
        "events": [{"event": "ticket", "trigger": "created"}],
        "conditions": [{"type": "subject", "match": "contains", "value": "x"}],
        "actions": [{"type": "priority", "value": str(HIGH)}],
    }


async def test_the_default_notification_workflows_come_first(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    names = [w["name"] for w in await listed(client, await admin_token(app), "?type=1")]

    assert names == [
        "Acknowledge a new ticket",
        "Tell the agent of a customer reply",
        "Tell the agent of an assignment",
    ]


async def test_the_list_filters_by_name(app: FastAPI, client: httpx.AsyncClient) -> None:
    admin = await admin_token(app)
    await add_workflow(client, admin, PREPARED)

    assert [w["name"] for w in await listed(client, admin, "?name=billing")] == [PREPARED["name"]]


async def test_names_may_be_written_in_snake_case(app: FastAPI, client: httpx.AsyncClient) -> None:
    admin = await admin_token(app)
    body = automatic("Replies", ["customer_reply"], [("mail_agent", 3)])

    workflow = await add_workflow(client, admin, body)

    [shown] = [w for w in await listed(client, admin) if w["id"] == workflow]
    assert shown["events"][0]["trigger"] == "customerReply"
    assert shown["actions"][0]["type"] == "mailAgent"


async def test_an_edit_replaces_the_definition(app: FastAPI, client: httpx.AsyncClient) -> None:
    admin = await admin_token(app)
    workflow = await add_workflow(client, admin, automatic("Old", ["created"], [("status", 2)]))

    response = await uv(
        client,
        "PUT",
        f"/api/workflow/1/{workflow}.json",
        admin,
        json=automatic("New", ["status"], [("priority", HIGH)]),
    )

    assert response.json() == {"message": "Success! Workflow has been updated successfully."}
    [shown] = [w for w in await listed(client, admin) if w["id"] == workflow]
    assert (shown["name"], shown["events"][0]["trigger"]) == ("New", "status")


async def test_the_path_type_must_be_the_workflows_own(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    workflow = await add_workflow(client, admin, PREPARED)

    response = await uv(client, "DELETE", f"/api/workflow/1/{workflow}.json", admin)

    assert_uv_error(response, 404)


async def test_a_removed_workflow_is_gone_and_its_runs_stay_logged(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    workflow = await add_workflow(client, admin, automatic("Up", ["created"], [("priority", HIGH)]))
    created = await raise_ticket(client, admin)

    response = await uv(client, "DELETE", f"/api/workflow/{workflow}.json", admin)

    assert response.json() == {"message": "Success! Workflow has been removed successfully."}
    assert workflow not in [w["id"] for w in await listed(client, admin)]
    [run] = await runs(client, admin, created["ticketId"])
    assert (run["workflowId"], run["workflowName"]) == (None, "Up")


async def test_a_reorder_naming_unknown_ids_applies_to_the_rest_and_says_so(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)

    response = await uv(
        client, "PUT", "/api/workflows/order.json", admin, json={"auto": {"3": "0", "999": "2"}}
    )

    assert response.json() == {
        "warning": "Workflow(s) not found: 999",
        "message": "Success! Order has been updated successfully.",
    }
    assert (await listed(client, admin, "?type=1"))[0]["id"] == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"type": "2"}, "type"),
        ({"name": ""}, "name"),
        ({"events": []}, "events"),
        ({"events": [{"event": "ticket", "trigger": "exploded"}]}, "events[0].trigger"),
        ({"conditions": [{"type": "mood", "match": "is", "value": "x"}]}, "conditions[0].type"),
        (
            {"conditions": [{"type": "subject", "match": "like", "value": "x"}]},
            "conditions[0].match",
        ),
        ({"actions": []}, "actions"),
        ({"actions": [{"type": "explode", "value": "1"}]}, "actions[0].type"),
        ({"actions": [{"type": "priority", "value": "99"}]}, "actions[0].value"),
        ({"actions": [{"type": "agent", "value": "12345"}]}, "actions[0].value"),
        ({"actions": [{"type": "mailCustomer", "value": "abc"}]}, "actions[0].value"),
        ({"actions": "priority"}, "actions"),
    ],
)
async def test_a_definition_the_engine_cannot_run_is_refused(
    app: FastAPI, client: httpx.AsyncClient, change: dict[str, Any], field: str
) -> None:
    admin = await admin_token(app)
    body = {**automatic("W", ["created"], [("priority", HIGH)]), **change}

    response = await uv(client, "POST", "/api/workflows.json", admin, json=body)

    error = assert_uv_error(response, 400)
    assert field in str(error), error
    assert len(await listed(client, admin)) == 3


async def test_an_agent_without_the_privileges_cannot_manage_workflows(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "bare@desk.example")

    assert_uv_error(await uv(client, "GET", "/api/workflows.json", agent), 403)
    assert_uv_error(await uv(client, "POST", "/api/workflows.json", agent, json=PREPARED), 403)


async def test_an_agent_managing_manual_workflows_sees_only_those(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    await add_workflow(client, admin, PREPARED)
    agent = await support_token(
        app, SupportRole.AGENT, "manual@desk.example", privileges=[MANAGE_MANUAL]
    )

    shown = await listed(client, agent)
    automatic_one = await uv(client, "DELETE", "/api/workflow/1.json", agent)
    added = await uv(
        client, "POST", "/api/workflows.json", agent, json=automatic("A", ["created"], [])
    )

    assert [w["type"] for w in shown] == [0]
    assert_uv_error(automatic_one, 404)
    assert_uv_error(added, 403)


async def test_an_agent_managing_automatic_workflows_may_add_them(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await support_token(
        app, SupportRole.AGENT, "auto@desk.example", privileges=[MANAGE_AUTOMATIC]
    )

    response = await uv(
        client,
        "POST",
        "/api/workflows.json",
        agent,
        json=automatic("A", ["created"], [("priority", HIGH)]),
    )

    assert response.status_code == 200, response.text


async def test_an_agent_applies_a_prepared_response_and_the_run_is_logged(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    workflow = await add_workflow(client, admin, PREPARED)
    created = await raise_ticket(client, admin)
    agent = await support_token(app, SupportRole.AGENT, "apply@desk.example", privileges=[APPLY])

    response = await uv(
        client, "POST", f"/api/ticket/{created['ticketId']}/workflow/{workflow}.json", agent
    )

    assert response.json() == {
        "message": "Success! Prepared response has been applied successfully."
    }
    ticket = await ticket_view(client, admin, created["incrementId"])
    assert (ticket["priority"]["id"], tag_names(ticket)) == (HIGH, ["billing"])
    [run] = await runs(client, admin, created["ticketId"])
    assert (run["workflowId"], run["trigger"]) == (workflow, "manual")
    assert run["appliedBy"] is not None


async def test_applying_needs_the_privilege(app: FastAPI, client: httpx.AsyncClient) -> None:
    admin = await admin_token(app)
    workflow = await add_workflow(client, admin, PREPARED)
    created = await raise_ticket(client, admin)
    agent = await support_token(app, SupportRole.AGENT, "bare@desk.example")

    response = await uv(
        client, "POST", f"/api/ticket/{created['ticketId']}/workflow/{workflow}.json", agent
    )

    assert_uv_error(response, 403)
    assert await runs(client, admin, created["ticketId"]) == []


async def test_an_automatic_workflow_cannot_be_applied_by_hand(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    admin = await admin_token(app)
    created = await raise_ticket(client, admin)

    response = await uv(client, "POST", f"/api/ticket/{created['ticketId']}/workflow/1.json", admin)

    assert_uv_error(response, 404)


async def test_a_customer_reads_no_run_log(app: FastAPI, client: httpx.AsyncClient) -> None:
    admin = await admin_token(app)
    customer = await support_token(app, SupportRole.CUSTOMER, "c@example.com")
    created = await raise_ticket(client, admin, **{"from": "c@example.com"})

    response = await uv(
        client, "GET", f"/api/ticket/{created['ticketId']}/workflow-runs.json", customer
    )

    assert_uv_error(response, 403)
