"""Todos, as the seed shows them: a checklist on a ticket, one of its threads, or a task."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import assert_uv_error, support_token
from tests.api.uvdesk.tasks_helpers import TASK_PRIVILEGES, Desk, a_reply, make_desk
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio


@pytest.fixture
async def desk(app: FastAPI, client: httpx.AsyncClient) -> Desk:
    return await make_desk(app, client)


async def test_adding_a_todo_to_a_ticket_answers_the_seeds_envelope(desk: Desk) -> None:
    answer = await desk.made(
        "POST", "/api/todo.json", {"ticketId": str(desk.ticket), "description": "review"}
    )
    assert answer["message"] == "Success ! Item added to todo successfully."
    assert answer["todo"] == {
        "id": answer["id"],
        "description": "review",
        "status": 0,
        "ticketId": desk.ticket,
        "threadId": None,
        "taskId": None,
    }


async def test_a_tickets_todos_show_in_its_view(desk: Desk) -> None:
    added = await desk.made("POST", "/api/todo.json", {"ticketId": desk.ticket, "description": "a"})
    number = (await desk.made("GET", "/api/tickets.json"))["tickets"][0]["incrementId"]
    view = await desk.made("GET", f"/api/ticket/{number}.json")
    assert [todo["id"] for todo in view["todo"]] == [added["id"]]


async def test_a_todo_on_a_thread_belongs_to_the_threads_ticket(desk: Desk) -> None:
    answer = await desk.made(
        "POST", "/api/todo.json", {"threadId": desk.thread, "description": "x"}
    )
    assert (answer["todo"]["ticketId"], answer["todo"]["threadId"]) == (desk.ticket, desk.thread)


async def test_a_thread_of_another_ticket_than_the_one_named_is_refused(desk: Desk) -> None:
    other = int((await raise_ticket(desk.client, desk.admin, subject="Other"))["ticketId"])
    stranger = await a_reply(desk.client, desk.admin, other)
    body = {"ticketId": desk.ticket, "threadId": stranger, "description": "x"}
    response = await desk.call("POST", "/api/todo.json", body)
    assert "threadId" in assert_uv_error(response, 400)["errors"]


async def test_a_todo_on_a_task_shows_in_the_tasks_view(desk: Desk) -> None:
    task = await desk.task()
    added = await desk.made("POST", "/api/todo.json", {"taskId": task, "description": "review"})
    view = await desk.made("GET", f"/api/task/{task}.json")
    assert view["todo"] == [added["todo"]]
    assert added["todo"]["ticketId"] == desk.ticket


async def test_a_todo_needs_a_place(desk: Desk) -> None:
    response = await desk.call("POST", "/api/todo.json", {"description": "x"})
    assert "taskId" in assert_uv_error(response, 400)["errors"]


async def test_a_todo_needs_a_description(desk: Desk) -> None:
    response = await desk.call("POST", "/api/todo.json", {"ticketId": desk.ticket})
    assert assert_uv_error(response, 400)["errors"] == {"description": ["description is required."]}


async def test_marking_a_todo_complete_answers_the_seeds_message(desk: Desk) -> None:
    added = await desk.made("POST", "/api/todo.json", {"ticketId": desk.ticket, "description": "a"})
    body = {"ticketId": str(desk.ticket), "description": "review", "status": "1"}
    answer = await desk.made("PUT", f"/api/todo/{added['id']}.json", body)
    assert answer == {"message": "Success ! Todo marked as complete."}
    number = (await desk.made("GET", "/api/tickets.json"))["tickets"][0]["incrementId"]
    [todo] = (await desk.made("GET", f"/api/ticket/{number}.json"))["todo"]
    assert (todo["description"], todo["status"]) == ("review", 1)


async def test_marking_a_todo_incomplete_and_renaming_it(desk: Desk) -> None:
    added = await desk.made("POST", "/api/todo.json", {"ticketId": desk.ticket, "description": "a"})
    path = f"/api/todo/{added['id']}.json"
    assert (await desk.made("PUT", path, {"status": "0"}))["message"] == (
        "Success ! Todo marked as incomplete."
    )
    assert (await desk.made("PUT", path, {"description": "b"}))["message"] == (
        "Success ! Todo updated successfully."
    )


async def test_a_status_other_than_0_or_1_is_refused(desk: Desk) -> None:
    added = await desk.made("POST", "/api/todo.json", {"ticketId": desk.ticket, "description": "a"})
    response = await desk.call("PUT", f"/api/todo/{added['id']}.json", {"status": "2"})
    assert "status" in assert_uv_error(response, 400)["errors"]


async def test_deleting_a_todo_answers_the_seeds_message(desk: Desk) -> None:
    added = await desk.made("POST", "/api/todo.json", {"ticketId": desk.ticket, "description": "a"})
    answer = await desk.made("DELETE", f"/api/todo/{added['id']}.json")
    assert answer == {"message": "Success ! Todo removed successfully."}
    assert_uv_error(await desk.call("DELETE", f"/api/todo/{added['id']}.json"), 404)


async def test_any_agent_who_sees_the_ticket_keeps_its_todos(app: FastAPI, desk: Desk) -> None:
    bare = await support_token(app, SupportRole.AGENT, "bare@desk.example")
    body = {"ticketId": desk.ticket, "description": "a"}
    added = await desk.made("POST", "/api/todo.json", body, token=bare)
    await desk.made("PUT", f"/api/todo/{added['id']}.json", {"status": 1}, token=bare)


async def test_a_tasks_todos_need_the_edit_privilege(app: FastAPI, desk: Desk) -> None:
    bare = await support_token(app, SupportRole.AGENT, "bare@desk.example")
    task = await desk.task()
    body = {"taskId": task, "description": "a"}
    assert_uv_error(await desk.call("POST", "/api/todo.json", body, token=bare), 403)
    added = await desk.made("POST", "/api/todo.json", body)
    path = f"/api/todo/{added['id']}.json"
    assert_uv_error(await desk.call("PUT", path, {"status": 1}, token=bare), 403)
    assert_uv_error(await desk.call("DELETE", path, token=bare), 403)


async def test_todos_of_tickets_an_agent_does_not_see_are_not_found(
    app: FastAPI, desk: Desk
) -> None:
    own = await support_token(
        app, SupportRole.AGENT, "own@desk.example", ticket_view=4, privileges=TASK_PRIVILEGES
    )
    added = await desk.made("POST", "/api/todo.json", {"ticketId": desk.ticket, "description": "a"})
    path = f"/api/todo/{added['id']}.json"
    assert_uv_error(await desk.call("PUT", path, {"status": 1}, token=own), 404)
    assert_uv_error(await desk.call("DELETE", path, token=own), 404)
    body = {"ticketId": desk.ticket, "description": "b"}
    assert (
        "ticketId"
        in assert_uv_error(await desk.call("POST", "/api/todo.json", body, token=own), 400)[
            "errors"
        ]
    )


async def test_customers_keep_no_todos(app: FastAPI, desk: Desk, client: httpx.AsyncClient) -> None:
    customer = await support_token(app, SupportRole.CUSTOMER, "test@example.com")
    body = {"ticketId": desk.ticket, "description": "a"}
    assert_uv_error(await desk.call("POST", "/api/todo.json", body, token=customer), 403)
    added = await desk.made("POST", "/api/todo.json", body)
    path = f"/api/todo/{added['id']}.json"
    assert_uv_error(await desk.call("DELETE", path, token=customer), 403)
    number = (await desk.made("GET", "/api/tickets.json"))["tickets"][0]["incrementId"]
    view = await desk.made("GET", f"/api/ticket/{number}.json", token=customer)
    assert view["todo"] == []


async def test_deleting_a_thread_removes_its_todos(desk: Desk) -> None:
    added = await desk.made("POST", "/api/todo.json", {"threadId": desk.thread, "description": "x"})
    await desk.made("DELETE", f"/api/ticket/{desk.ticket}/thread/{desk.thread}.json")
    assert_uv_error(await desk.call("DELETE", f"/api/todo/{added['id']}.json"), 404)
