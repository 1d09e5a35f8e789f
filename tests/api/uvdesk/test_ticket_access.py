"""Who reaches which ticket: customers, agents by ticket view and privileges, bulk scope."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.engine import Connection

from helpdesk.core.settings import Settings
from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # The query-count test compares two warm requests: a slow machine must not let the
    # process memo lapse between the warming request and the counted one.
    return settings.model_copy(update={"process_memo_seconds": 3600})


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def test_a_customer_cannot_see_reply_to_or_download_from_another_customers_ticket(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    alice = await support_token(app, SupportRole.CUSTOMER, "alice@example.com")
    bob = await support_token(app, SupportRole.CUSTOMER, "bob@example.com")
    response = await client.post(
        "/api/tickets.json",
        headers={"Authorization": f"Bearer {alice}"},
        data={"name": "Alice", "from": "alice@example.com", "reply": "secret", "subject": "mine"},
        files=[("attachments[]", ("secret.txt", b"alice only", "text/plain"))],
    )
    ticket = response.json()
    view = (await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", alice)).json()
    attachment_path = view["createThread"]["attachments"][0]["path"]
    assert_uv_error(await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", bob), 404)
    reply = await uv(
        client,
        "POST",
        f"/api/ticket/{ticket['ticketId']}/threads.json",
        bob,
        json={"threadType": "reply", "reply": "hi"},
    )
    assert_uv_error(reply, 404)
    download = await uv(client, "GET", attachment_path, bob)
    assert_uv_error(download, 404)
    assert b"alice only" not in download.content
    listed = (await uv(client, "GET", "/api/tickets.json", bob)).json()
    assert listed["tickets"] == []


async def test_a_customer_raises_tickets_only_in_their_own_name(
    client: httpx.AsyncClient, app: FastAPI
) -> None:
    alice = await support_token(app, SupportRole.CUSTOMER, "alice@example.com")
    response = await uv(
        client,
        "POST",
        "/api/tickets.json",
        alice,
        json={"from": "mallory@example.com", "reply": "x", "subject": "y"},
    )
    assert_uv_error(response, 403)


async def test_collaborators_see_the_ticket(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    ticket = await raise_ticket(client, admin)
    await uv(
        client,
        "POST",
        f"/api/ticket/{ticket['ticketId']}/collaborator.json",
        admin,
        json={"email": "helper@example.com"},
    )
    helper = await support_token(app, SupportRole.CUSTOMER, "helper@example.com")
    assert (
        await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", helper)
    ).status_code == 200


async def test_an_agent_limited_to_its_groups_cannot_reach_other_groups_tickets(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "grouped@desk.example", ticket_view=2)
    me = (await uv(client, "GET", "/api/me.json", agent)).json()
    ours = (
        await uv(
            client,
            "POST",
            "/api/groups.json",
            admin,
            json={"name": "Ours", "description": "d", "users": [me["id"]]},
        )
    ).json()
    theirs = (
        await uv(
            client, "POST", "/api/groups.json", admin, json={"name": "Theirs", "description": "d"}
        )
    ).json()
    mine = await raise_ticket(client, admin, group=str(ours["id"]), subject="ours")
    other = await raise_ticket(client, admin, group=str(theirs["id"]), subject="theirs")
    assert (
        await uv(client, "GET", f"/api/ticket/{mine['incrementId']}.json", agent)
    ).status_code == 200
    assert_uv_error(await uv(client, "GET", f"/api/ticket/{other['incrementId']}.json", agent), 404)
    listed = (await uv(client, "GET", "/api/tickets.json", agent)).json()
    assert [t["subject"] for t in listed["tickets"]] == ["ours"]


async def test_an_agent_without_the_delete_privilege_cannot_delete(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    plain = await support_token(app, SupportRole.AGENT, "plain@desk.example")
    allowed = await support_token(
        app, SupportRole.AGENT, "deleter@desk.example", privileges=["ROLE_AGENT_DELETE_TICKET"]
    )
    ticket = await raise_ticket(client, admin)
    assert_uv_error(
        await uv(client, "DELETE", f"/api/ticket/{ticket['ticketId']}.json", plain), 403
    )
    assert_uv_error(
        await uv(client, "DELETE", "/api/tickets.json", plain, json={"ids": [ticket["ticketId"]]}),
        403,
    )
    assert (
        await uv(client, "DELETE", f"/api/ticket/{ticket['ticketId']}.json", allowed)
    ).status_code == 200


async def test_bulk_routes_skip_and_report_tickets_outside_the_callers_scope(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    agent = await support_token(
        app,
        SupportRole.AGENT,
        "own@desk.example",
        ticket_view=4,
        privileges=["ROLE_AGENT_UPDATE_TICKET_PRIORITY"],
    )
    me = (await uv(client, "GET", "/api/me.json", agent)).json()
    assigned = await raise_ticket(client, admin, subject="assigned")
    unassigned = await raise_ticket(client, admin, subject="someone else's")
    await uv(
        client,
        "PUT",
        f"/api/ticket/{assigned['ticketId']}/agent.json",
        admin,
        json={"id": me["id"]},
    )
    response = await uv(
        client,
        "PUT",
        "/api/tickets/priority.json",
        agent,
        json={"ids": [assigned["ticketId"], unassigned["ticketId"]], "priorityId": "4"},
    )
    assert response.json() == {
        "warning": f"Ticket(s) not found: {unassigned['ticketId']}",
        "message": "Success ! Tickets priority changed successfully.",
    }
    untouched = (
        await uv(client, "GET", f"/api/ticket/{unassigned['incrementId']}.json", admin)
    ).json()
    assert untouched["ticket"]["priority"]["name"] == "Low"


async def test_the_ticket_list_costs_the_same_queries_whatever_the_page_holds(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    statements: list[str] = []

    def count(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = app.state.runtime.engine.sync_engine
    await raise_ticket(client, admin)
    event.listen(engine, "before_cursor_execute", count)
    try:
        await uv(client, "GET", "/api/tickets.json", admin)  # warms the process memo
        statements.clear()
        await uv(client, "GET", "/api/tickets.json", admin)
        with_one = len(statements)
        for index in range(6):
            ticket = await raise_ticket(client, admin, subject=f"more {index}")
            await uv(
                client,
                "POST",
                f"/api/ticket/{ticket['ticketId']}/tags.json",
                admin,
                json={"name": f"t{index}"},
            )
            await uv(
                client,
                "POST",
                f"/api/ticket/{ticket['ticketId']}/collaborator.json",
                admin,
                json={"email": f"c{index}@example.com"},
            )
        await uv(client, "GET", "/api/tickets.json", admin)
        statements.clear()
        await uv(client, "GET", "/api/tickets.json", admin)
        with_seven = len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert with_seven == with_one
    # Authentication, the page, its counts and the reference lists: a fixed budget.
    assert with_one <= 25


async def customer_and_noted_ticket(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> tuple[str, dict[str, Any]]:
    """Alice's ticket, on which the admin wrote a note with a file about a word of its own."""
    alice = await support_token(app, SupportRole.CUSTOMER, "alice@example.com")
    ticket = await raise_ticket(client, admin, **{"from": "alice@example.com", "name": "Alice"})
    noted = await client.post(
        f"/api/ticket/{ticket['ticketId']}/threads.json",
        headers={"Authorization": f"Bearer {admin}"},
        data={"threadType": "note", "reply": "she mentioned zanzibar"},
        files=[("attachments[]", ("internal.txt", b"staff only", "text/plain"))],
    )
    assert noted.status_code == 200, noted.text
    return alice, ticket


async def test_a_customer_counts_no_notes_and_no_files_of_notes(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    alice, ticket = await customer_and_noted_ticket(client, app, admin)
    number = ticket["incrementId"]
    for caller, threads, files in ((alice, "0", 0), (admin, "1", 1)):
        view = (await uv(client, "GET", f"/api/ticket/{number}.json", caller)).json()
        assert view["ticketTotalThreads"] == threads
        [row] = (await uv(client, "GET", "/api/tickets.json", caller)).json()["tickets"]
        assert (row["totalThreads"], row["hasAttachments"]) == (threads, files)


async def test_a_customer_does_not_find_a_ticket_by_the_words_of_its_notes(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    alice, _ = await customer_and_noted_ticket(client, app, admin)
    for caller, found in ((alice, 0), (admin, 1)):
        listed = (await uv(client, "GET", "/api/tickets.json?search=zanzib", caller)).json()
        assert len(listed["tickets"]) == found
    subject = (await uv(client, "GET", "/api/tickets.json?search=subject", alice)).json()
    assert len(subject["tickets"]) == 1


async def test_an_agents_label_on_a_ticket_is_seen_and_filtered_by_that_agent_alone(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    agent = await support_token(app, SupportRole.AGENT, "agent@desk.example")
    ticket = await raise_ticket(client, admin)
    label = (await uv(client, "POST", "/api/labels.json", agent, json={"name": "mine"})).json()
    label_id = label["label"]["id"]
    edit = {"editType": "label", "value": label_id}
    path = f"/api/ticket/{ticket['ticketId']}.json"
    assert (await uv(client, "PATCH", path, agent, json=edit)).status_code == 200
    for caller, labels, found in ((agent, [label_id], 1), (admin, [], 0)):
        view = (await uv(client, "GET", f"/api/ticket/{ticket['incrementId']}.json", caller)).json()
        assert [item["id"] for item in view["ticket"]["ticketLabels"]] == labels
        listed = (await uv(client, "GET", f"/api/tickets.json?label={label_id}", caller)).json()
        assert len(listed["tickets"]) == found


async def test_a_tags_ticket_count_counts_only_the_tickets_the_caller_sees(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    own_only = await support_token(app, SupportRole.AGENT, "own@desk.example", ticket_view=4)
    ticket = await raise_ticket(client, admin)
    added = await uv(
        client, "POST", f"/api/ticket/{ticket['ticketId']}/tags.json", admin, json={"name": "vip"}
    )
    assert added.status_code == 200, added.text
    for caller, count in ((admin, "1"), (own_only, "0")):
        for path in ("/api/tags.json", "/api/tags.json?sort=ticketcount"):
            [tag] = (await uv(client, "GET", path, caller)).json()["tags"]
            assert tag["ticketCount"] == count
