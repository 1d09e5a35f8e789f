"""Tickets as the seed shows them: raise, view, list, edit, assign, tag, trash, bulk."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.support.models import Company
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET, raise_ticket
from tests.factories import in_transaction

pytestmark = pytest.mark.anyio


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def test_raising_a_ticket_answers_its_two_ids(client: httpx.AsyncClient, admin: str) -> None:
    body = await raise_ticket(client, admin)
    assert body["message"] == "Success ! Ticket has been created successfully."
    assert body["incrementId"] == 1
    assert body["id"] == body["incrementId"]


async def number_tickets_from(app: FastAPI, first: int) -> None:
    """What the company setting nextTicketId does (its route arrives with issue 13)."""

    async def work(session: AsyncSession) -> None:
        await session.execute(update(Company).values(next_ticket_id=first))

    await in_transaction(app, work)


async def test_raising_answers_id_as_the_number_people_see_and_ticket_id_as_the_internal_one(
    app: FastAPI, client: httpx.AsyncClient, admin: str
) -> None:
    await number_tickets_from(app, 1000)
    body = await raise_ticket(client, admin)
    assert body == {
        "message": "Success ! Ticket has been created successfully.",
        "id": 1000,
        "incrementId": 1000,
        "ticketId": body["ticketId"],
    }
    assert body["ticketId"] != 1000
    viewed = (await uv(client, "GET", f"/api/ticket/{body['id']}.json", admin)).json()
    assert viewed["ticket"]["id"] == body["ticketId"]
    starred = await uv(
        client, "PATCH", f"/api/ticket/{body['ticketId']}.json", admin, json={"editType": "star"}
    )
    assert starred.status_code == 200, starred.text


async def test_a_form_encoded_ticket_with_attachments_creates_its_customer(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await client.post(
        "/en/api/tickets.json",
        headers={"Authorization": f"Bearer {admin}"},
        data={**SEED_TICKET, "from": "new.person@example.com", "name": "New Person"},
        files=[("attachments[]", ("log.txt", b"stack trace", "text/plain"))],
    )
    assert response.status_code == 200, response.text
    view = (
        await uv(client, "GET", f"/api/ticket/{response.json()['incrementId']}.json", admin)
    ).json()
    assert view["ticket"]["customer"]["email"] == "new.person@example.com"
    assert view["ticket"]["customer"]["name"] == "New Person"
    [attachment] = view["createThread"]["attachments"]
    download = await uv(client, "GET", attachment["path"], admin)
    assert download.content == b"stack trace"


async def test_viewing_a_ticket_by_increment_id(client: httpx.AsyncClient, admin: str) -> None:
    created = await raise_ticket(client, admin)
    body = (await uv(client, "GET", f"/api/ticket/{created['incrementId']}.json", admin)).json()
    assert set(body) >= {
        "ticket",
        "labels",
        "todo",
        "userDetails",
        "createThread",
        "ticketTotalThreads",
        "ticketTasks",
        "status",
        "group",
        "priority",
        "type",
    }
    ticket = body["ticket"]
    assert (ticket["subject"], ticket["status"]["name"], ticket["priority"]["name"]) == (
        "subject of ticket",
        "Open",
        "Low",
    )
    assert ticket["type"]["name"] == "Support"
    assert body["createThread"]["threadType"] == "create"
    assert body["labels"]["predefind"]["all"] == "1"
    assert [s["name"] for s in body["status"]] == [
        "Open",
        "Pending",
        "Answered",
        "Resolved",
        "Closed",
        "Spam",
    ]


async def test_an_unknown_ticket_type_is_refused(client: httpx.AsyncClient, admin: str) -> None:
    response = await uv(
        client, "POST", "/api/tickets.json", admin, json={**SEED_TICKET, "type": "2"}
    )
    assert "type" in assert_uv_error(response, 400)["errors"]


async def test_the_list_carries_tabs_labels_and_reference_lists(
    client: httpx.AsyncClient, admin: str
) -> None:
    await raise_ticket(client, admin)
    await raise_ticket(client, admin, subject="second", status="2")
    body = (await uv(client, "GET", "/api/tickets.json?sort=t.id&direction=asc", admin)).json()
    assert set(body) >= {
        "tabs",
        "tickets",
        "pagination",
        "labels",
        "userDetails",
        "status",
        "group",
        "team",
        "priority",
        "type",
        "mailbox",
    }
    assert body["tabs"]["1"] == "1" and body["tabs"]["2"] == "1"
    assert [t["subject"] for t in body["tickets"]] == ["subject of ticket", "second"]
    assert body["pagination"]["numItemsPerPage"] == 15
    assert set(body["tickets"][0]) >= {"id", "incrementId", "customer", "priority", "totalThreads"}


async def test_the_list_filters_by_status_and_search(client: httpx.AsyncClient, admin: str) -> None:
    await raise_ticket(client, admin, subject="printer on fire", reply="The printer burns")
    await raise_ticket(client, admin, subject="password reset", status="2")
    pending = (await uv(client, "GET", "/api/tickets.json?status=2", admin)).json()
    assert [t["subject"] for t in pending["tickets"]] == ["password reset"]
    found = (await uv(client, "GET", "/api/tickets.json?search=burns", admin)).json()
    assert [t["subject"] for t in found["tickets"]] == ["printer on fire"]
    prefix = (await uv(client, "GET", "/api/tickets.json?search=passw", admin)).json()
    assert [t["subject"] for t in prefix["tickets"]] == ["password reset"]


async def test_editing_a_ticket(client: httpx.AsyncClient, admin: str) -> None:
    created = await raise_ticket(client, admin)
    response = await uv(
        client,
        "PUT",
        f"/api/ticket/{created['ticketId']}.json",
        admin,
        json={
            "type": "807",
            "from": "test@example.com",
            "reply": "This is a edited reply.",
            "subject": "subject of ticket",
        },
    )
    assert response.json() == {"message": "Success ! Ticket has been updated successfully."}
    view = (await uv(client, "GET", f"/api/ticket/{created['incrementId']}.json", admin)).json()
    assert "edited reply" in view["createThread"]["reply"]


@pytest.mark.parametrize(
    ("edit_type", "value", "check"),
    [
        ("priority", "2", ("priority", "Medium")),
        ("status", "3", ("status", "Resolved")),
        ("type", "807", ("type", "Support")),
        ("group", "835", ("group", "Default")),
    ],
)
async def test_patch_edits_one_property(
    client: httpx.AsyncClient, admin: str, edit_type: str, value: str, check: tuple[str, str]
) -> None:
    created = await raise_ticket(client, admin)
    response = await uv(
        client,
        "PATCH",
        f"/api/ticket/{created['ticketId']}.json",
        admin,
        json={"editType": edit_type, "value": value},
    )
    assert response.json() == {"message": f"Success: {edit_type} updated"}
    view = (await uv(client, "GET", f"/api/ticket/{created['incrementId']}.json", admin)).json()
    key, name = check
    assert view["ticket"][key]["name"] == name


async def test_starring_toggles(client: httpx.AsyncClient, admin: str) -> None:
    created = await raise_ticket(client, admin)
    await uv(
        client, "PATCH", f"/api/ticket/{created['ticketId']}.json", admin, json={"editType": "star"}
    )
    starred = (await uv(client, "GET", "/api/tickets.json?starred=1", admin)).json()
    assert [t["id"] for t in starred["tickets"]] == [created["ticketId"]]


async def test_assigning_an_agent(client: httpx.AsyncClient, app: FastAPI, admin: str) -> None:
    agent_token = await support_token(app, SupportRole.AGENT, "agent@desk.example", name="Al Agent")
    agent = (await uv(client, "GET", "/api/me.json", agent_token)).json()
    created = await raise_ticket(client, admin)
    response = await uv(
        client,
        "PUT",
        f"/api/ticket/{created['ticketId']}/agent.json",
        admin,
        json={"id": str(agent["id"])},
    )
    assert response.json() == {"message": "Success ! Agent successfully assigned."}
    mine = (await uv(client, "GET", "/api/tickets.json?mine", agent_token)).json()
    assert [t["id"] for t in mine["tickets"]] == [created["ticketId"]]


async def test_collaborators_are_added_and_removed(client: httpx.AsyncClient, admin: str) -> None:
    created = await raise_ticket(client, admin)
    path = f"/api/ticket/{created['ticketId']}/collaborator.json"
    added = (await uv(client, "POST", path, admin, json={"email": "abcdnew123@example.com"})).json()
    assert added["message"] == "Success ! Collaborator added successfully."
    assert added["collaborator"]["email"] == "abcdnew123@example.com"
    removed = await uv(
        client, "DELETE", path, admin, json={"collaboratorId": str(added["collaborator"]["id"])}
    )
    assert removed.json() == {"message": "Success ! Collaborator removed successfully."}


async def test_tags_are_added_counted_and_removed(client: httpx.AsyncClient, admin: str) -> None:
    created = await raise_ticket(client, admin)
    path = f"/api/ticket/{created['ticketId']}/tags.json"
    added = (await uv(client, "POST", path, admin, json={"name": "integration"})).json()
    assert added["msg"] == "Success ! Tag added successfully."
    tags = (await uv(client, "GET", "/api/tags.json?sort=name&direction=asc", admin)).json()
    assert tags["tags"] == [
        {"id": added["tag"]["id"], "name": "integration", "ticketCount": "1", "articleCount": "0"}
    ]
    removed = await uv(client, "DELETE", path, admin, json={"tagId": str(added["tag"]["id"])})
    assert removed.json()["msg"] == "Success ! Tag removed successfully."
    renamed = await uv(
        client, "PUT", f"/api/tag/{added['tag']['id']}.json", admin, json={"name": "important"}
    )
    assert renamed.json() == {"message": "Success ! Tag updated successfully."}
    deleted = await uv(client, "DELETE", f"/api/tag/{added['tag']['id']}.json", admin)
    assert deleted.json() == {"message": "Success ! Tag removed successfully."}


async def test_trash_restore_and_delete(client: httpx.AsyncClient, admin: str) -> None:
    first = await raise_ticket(client, admin)
    second = await raise_ticket(client, admin)
    trashed = await uv(client, "DELETE", f"/api/ticket/{first['ticketId']}.json", admin)
    assert trashed.json() == {"message": "Success ! Ticket moved to trash successfully."}
    also = await uv(client, "PUT", f"/api/ticket/{second['ticketId']}/trash.json", admin)
    assert also.json() == {"message": "Success ! Ticket moved to trash successfully."}
    in_trash = (
        await uv(client, "GET", "/api/tickets.json?trashed&sort=t.id&direction=asc", admin)
    ).json()
    assert [t["id"] for t in in_trash["tickets"]] == [first["ticketId"], second["ticketId"]]
    restored = await uv(
        client,
        "PUT",
        "/api/tickets/restore.json",
        admin,
        json={"ids": [first["ticketId"], 999999], "statusId": 1},
    )
    assert restored.json() == {
        "warning": "Ticket(s) not found: 999999",
        "message": "Success ! Tickets restored successfully.",
    }
    deleted = await uv(
        client,
        "DELETE",
        "/api/tickets.json",
        admin,
        json={"ids": [first["ticketId"], second["ticketId"]]},
    )
    assert deleted.json() == {
        "deletedTickets": f"{first['ticketId']},{second['ticketId']}",
        "message": "Success ! Ticket(s) removed successfully.",
    }
    assert (await uv(client, "GET", "/api/tickets.json?trashed", admin)).json()["tickets"] == []


@pytest.mark.parametrize(
    ("route", "body", "message"),
    [
        ("trash", {}, "Success ! Tickets moved to trashed successfully."),
        ("status", {"statusId": "1"}, "Success ! Tickets status changed successfully."),
        ("priority", {"priorityId": "2"}, "Success ! Tickets priority changed successfully."),
        ("group", {"groupId": "835"}, "Success ! Tickets group changed successfully."),
    ],
)
async def test_bulk_routes_answer_the_seed_messages(
    client: httpx.AsyncClient, admin: str, route: str, body: dict[str, str], message: str
) -> None:
    created = await raise_ticket(client, admin)
    response = await uv(
        client,
        "PUT",
        f"/api/tickets/{route}.json",
        admin,
        json={"ids": [created["ticketId"]], **body},
    )
    assert response.json() == {"message": message}


async def test_bulk_labels_and_agents(client: httpx.AsyncClient, app: FastAPI, admin: str) -> None:
    created = await raise_ticket(client, admin)
    label = (await uv(client, "POST", "/api/labels.json", admin, json={"name": "vip"})).json()[
        "label"
    ]
    labelled = await uv(
        client,
        "PUT",
        "/api/tickets/label.json",
        admin,
        json={"ids": [created["ticketId"]], "labelId": str(label["id"])},
    )
    assert labelled.json() == {"message": "Success ! label added to Tickets successfully."}
    by_label = (await uv(client, "GET", f"/api/tickets.json?label={label['id']}", admin)).json()
    assert by_label["labels"]["custom"][0]["count"] == "1"
    agent_token = await support_token(app, SupportRole.AGENT, "agent@desk.example")
    agent = (await uv(client, "GET", "/api/me.json", agent_token)).json()
    assigned = await uv(
        client,
        "PUT",
        "/api/tickets/agent.json",
        admin,
        data={"ids[]": [str(created["ticketId"])], "id": str(agent["id"])},
    )
    assert assigned.json() == {"message": "Success ! Agent assigned successfully."}
