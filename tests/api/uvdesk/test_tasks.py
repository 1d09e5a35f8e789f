"""Tasks, as the seed shows them: made from a ticket and some of its threads, listed by
stage, followed by agents. Agents see the tasks of the tickets they see; customers none."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.tasks.models import Task, Todo, task_followers, task_threads
from tests.api.uvdesk.helpers import assert_uv_error, support_token
from tests.api.uvdesk.tasks_helpers import (
    TASK_PRIVILEGES,
    Desk,
    a_reply,
    count,
    make_desk,
    user_id,
)
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio


@pytest.fixture
async def desk(app: FastAPI, client: httpx.AsyncClient) -> Desk:
    return await make_desk(app, client)


async def test_a_task_made_from_a_ticket_and_a_thread_shows_them(desk: Desk) -> None:
    task = await desk.task(token=desk.agent)
    view = await desk.made("GET", f"/api/task/{task}.json")
    assert view["task"]["subject"] == "subject of task"
    assert view["task"]["ticketId"] == desk.ticket
    assert view["task"]["threads"] == [desk.thread]
    assert view["task"]["stage"] == {"id": 1, "name": "New", "color": "#DF5B49"}
    assert view["task"]["assignedAgent"]["id"] == desk.agent_id
    assert view["task"]["formatedDeadline"] == "08-24-16 23:59"
    assert view["createThread"]["description"] == "description of task"
    assert view["createThread"]["threadType"] == "create"
    assert view["todo"] == []


async def test_the_maker_and_the_assigned_agent_follow_a_new_task(desk: Desk) -> None:
    task = await desk.task()
    view = await desk.made("GET", f"/api/task/{task}.json")
    admin_id = await user_id(desk.client, desk.admin)
    assert {f["id"] for f in view["followers"]} == {admin_id, desk.agent_id}


async def test_a_task_takes_its_tickets_priority_unless_given_one(desk: Desk) -> None:
    given = await desk.task(priority="4")
    inherited = await desk.task()
    assert (await desk.made("GET", f"/api/task/{given}.json"))["task"]["priority"]["id"] == 4
    ticket_priority = (await desk.made("GET", f"/api/task/{inherited}.json"))["task"]["priority"]
    assert ticket_priority["id"] == 1


async def test_only_subject_and_ticket_are_required(desk: Desk) -> None:
    body = {"subject": "Call back", "ticket": str(desk.ticket)}
    task = (await desk.made("POST", "/api/tasks.json", body))["task"]
    assert (task["assignedAgent"], task["formatedDeadline"], task["threads"]) == (None, None, [])


async def test_a_task_without_a_subject_is_refused(desk: Desk) -> None:
    response = await desk.call("POST", "/api/tasks.json", {"ticket": str(desk.ticket)})
    assert assert_uv_error(response, 400)["errors"] == {"subject": ["subject is required."]}


async def test_a_deadline_that_is_no_date_is_refused(desk: Desk) -> None:
    body = {"subject": "x", "ticket": str(desk.ticket), "deadline": "tomorrow"}
    response = await desk.call("POST", "/api/tasks.json", body)
    assert "deadline" in assert_uv_error(response, 400)["errors"]


async def test_a_thread_of_another_ticket_is_refused_and_nothing_is_made(
    app: FastAPI, desk: Desk
) -> None:
    other = int((await raise_ticket(desk.client, desk.admin, subject="Other"))["ticketId"])
    stranger = await a_reply(desk.client, desk.admin, other)
    response = await desk.call(
        "POST",
        "/api/tasks.json",
        {"subject": "x", "ticket": str(desk.ticket), "threadIds": [desk.thread, stranger]},
    )
    assert "threadIds" in assert_uv_error(response, 400)["errors"]
    assert await count(app, Task) == 0


async def test_an_assigned_agent_must_be_staff(desk: Desk) -> None:
    customer = (await desk.made("GET", "/api/customers.json"))["customers"][0]["id"]
    response = await desk.call(
        "POST",
        "/api/tasks.json",
        {"subject": "x", "ticket": desk.ticket, "assignedAgent": customer},
    )
    assert "assignedAgent" in assert_uv_error(response, 400)["errors"]


async def test_an_unknown_ticket_is_a_bad_request(desk: Desk) -> None:
    response = await desk.call("POST", "/api/tasks.json", {"subject": "x", "ticket": 98765})
    assert "ticket" in assert_uv_error(response, 400)["errors"]


async def test_the_list_counts_stages_and_pages_by_twelve(desk: Desk) -> None:
    for index in range(13):
        task = await desk.task(subject=f"Task {index}")
        if index < 3:
            await desk.made("PUT", f"/api/task/{task}.json", {"stage": "3"})
    listed = await desk.made("GET", "/api/tasks.json")
    assert listed["stageCount"] == {"1": "10", "2": "0", "3": "3", "all": "13"}
    assert len(listed["tasks"]) == 12
    assert listed["pagination"]["numItemsPerPage"] == 12
    assert listed["pagination"]["totalCount"] == 13


async def test_the_list_filters_by_stage_priority_and_search(desk: Desk) -> None:
    done = await desk.task(subject="Ship the fix")
    await desk.made("PUT", f"/api/task/{done}.json", {"stage": "3", "priority": "2"})
    await desk.task(subject="Write the notes")

    async def ids(query: str) -> list[int]:
        return [t["id"] for t in (await desk.made("GET", f"/api/tasks.json?{query}"))["tasks"]]

    assert await ids("stage=3") == [done]
    assert await ids("priority=2") == [done]
    assert await ids("search=fix") == [done]


async def test_the_list_sorts_by_id_by_default_and_takes_a_direction(desk: Desk) -> None:
    first, second = await desk.task(), await desk.task()
    listed = await desk.made("GET", "/api/tasks.json?sort=tsk.id&direction=desc")
    assert [t["id"] for t in listed["tasks"]] == [second, first]


async def test_editing_changes_what_is_given(desk: Desk) -> None:
    task = await desk.task()
    body = {"prioirty": "3", "stage": "2", "subject": "new subject", "description": "new desc"}
    answer = await desk.made("PUT", f"/api/task/{task}.json", body, token=desk.agent)
    assert answer["message"] == "Success ! Task updated successfully."
    shown = answer["task"]
    assert (shown["subject"], shown["stage"]["id"], shown["priority"]["id"]) == (
        "new subject",
        2,
        3,
    )
    assert shown["createdTypeThread"]["description"] == "new desc"
    assert shown["assignedAgent"]["id"] == desk.agent_id


async def test_an_empty_assigned_agent_unassigns(desk: Desk) -> None:
    task = await desk.task()
    answer = await desk.made("PUT", f"/api/task/{task}.json", {"assignedAgent": ""})
    assert answer["task"]["assignedAgent"] is None


async def test_assigning_an_agent_makes_them_follow(app: FastAPI, desk: Desk) -> None:
    task = await desk.task(assignedAgent="")
    admin_id = await user_id(desk.client, desk.admin)
    await desk.made("PUT", f"/api/task/{task}.json", {"assignedAgent": str(desk.agent_id)})
    followers = (await desk.made("GET", f"/api/task/{task}.json"))["followers"]
    assert {f["id"] for f in followers} == {admin_id, desk.agent_id}


async def test_a_stage_beyond_done_is_refused(desk: Desk) -> None:
    task = await desk.task()
    response = await desk.call("PUT", f"/api/task/{task}.json", {"stage": "4"})
    assert "stage" in assert_uv_error(response, 400)["errors"]


async def test_deleting_a_task_removes_it_and_its_todos(app: FastAPI, desk: Desk) -> None:
    task = await desk.task()
    await desk.made("POST", "/api/todo.json", {"taskId": task, "description": "review"})
    answer = await desk.made("DELETE", f"/api/task/{task}.json", token=desk.agent)
    assert answer == {"message": "Success ! Task removed successfully."}
    assert_uv_error(await desk.call("GET", f"/api/task/{task}.json"), 404)
    assert (await count(app, Task), await count(app, Todo)) == (0, 0)


async def test_followers_are_added_and_removed(app: FastAPI, desk: Desk) -> None:
    task = await desk.task(assignedAgent="")
    path = f"/api/task/{task}/follower.json"
    added = await desk.made("POST", path, {"followerId": str(desk.agent_id)}, token=desk.agent)
    assert added == {
        "alertClass": "success",
        "alertMessage": "Success ! Member added successfully.",
    }
    assert desk.agent_id in [
        f["id"] for f in (await desk.made("GET", f"/api/task/{task}.json"))["followers"]
    ]
    removed = await desk.made("DELETE", path, {"followerId": str(desk.agent_id)}, token=desk.agent)
    assert removed == {
        "alertClass": "success",
        "alertMessage": "Success ! Member removed successfully.",
    }
    assert desk.agent_id not in [
        f["id"] for f in (await desk.made("GET", f"/api/task/{task}.json"))["followers"]
    ]


async def test_a_follower_must_be_staff(desk: Desk) -> None:
    task = await desk.task()
    customer = (await desk.made("GET", "/api/customers.json"))["customers"][0]["id"]
    response = await desk.call("POST", f"/api/task/{task}/follower.json", {"followerId": customer})
    assert "followerId" in assert_uv_error(response, 400)["errors"]


async def test_removing_someone_who_does_not_follow_is_a_bad_request(desk: Desk) -> None:
    task = await desk.task(assignedAgent="")
    body = {"followerId": str(desk.agent_id)}
    response = await desk.call("DELETE", f"/api/task/{task}/follower.json", body)
    assert "followerId" in assert_uv_error(response, 400)["errors"]


async def test_a_thread_is_added_by_path_and_removed_by_body(desk: Desk) -> None:
    task = await desk.task(threadIds=[])
    second = await a_reply(desk.client, desk.admin, desk.ticket)
    await desk.made("POST", f"/api/task/{task}/thread/{second}.json", token=desk.agent)
    await desk.made("POST", f"/api/task/{task}/thread.json", {"threadId": desk.thread})
    shown = (await desk.made("GET", f"/api/task/{task}.json"))["task"]["threads"]
    assert shown == [desk.thread, second]
    body = {"threadId": str(second), "description": "new desc", "stage": "2"}
    await desk.made("DELETE", f"/api/task/{task}/thread.json", body)
    await desk.made("DELETE", f"/api/task/{task}/thread/{desk.thread}.json")
    assert (await desk.made("GET", f"/api/task/{task}.json"))["task"]["threads"] == []


async def test_a_thread_of_another_ticket_cannot_join_a_task(desk: Desk) -> None:
    task = await desk.task()
    other = int((await raise_ticket(desk.client, desk.admin, subject="Other"))["ticketId"])
    stranger = await a_reply(desk.client, desk.admin, other)
    response = await desk.call("POST", f"/api/task/{task}/thread/{stranger}.json")
    assert "threadId" in assert_uv_error(response, 400)["errors"]


async def test_deleting_a_thread_takes_it_off_its_tasks(desk: Desk) -> None:
    task = await desk.task()
    await desk.made("DELETE", f"/api/ticket/{desk.ticket}/thread/{desk.thread}.json")
    assert (await desk.made("GET", f"/api/task/{task}.json"))["task"]["threads"] == []


async def test_an_agent_without_the_privilege_is_refused(app: FastAPI, desk: Desk) -> None:
    bare = await support_token(app, SupportRole.AGENT, "bare@desk.example")
    task = await desk.task()
    body = {"subject": "x", "ticket": desk.ticket}
    assert_uv_error(await desk.call("POST", "/api/tasks.json", body, token=bare), 403)
    assert_uv_error(await desk.call("PUT", f"/api/task/{task}.json", body, token=bare), 403)
    assert_uv_error(await desk.call("DELETE", f"/api/task/{task}.json", token=bare), 403)
    follow = {"followerId": desk.agent_id}
    path = f"/api/task/{task}/follower.json"
    assert_uv_error(await desk.call("POST", path, follow, token=bare), 403)
    assert_uv_error(await desk.call("DELETE", path, follow, token=bare), 403)
    # Reading needs no privilege.
    await desk.made("GET", f"/api/task/{task}.json", token=bare)


async def test_an_agent_sees_only_tasks_of_tickets_they_see(app: FastAPI, desk: Desk) -> None:
    own = await support_token(
        app, SupportRole.AGENT, "own@desk.example", ticket_view=4, privileges=TASK_PRIVILEGES
    )
    task = await desk.task()
    assert_uv_error(await desk.call("GET", f"/api/task/{task}.json", token=own), 404)
    assert_uv_error(await desk.call("PUT", f"/api/task/{task}.json", {"stage": 2}, token=own), 404)
    listed = await desk.made("GET", "/api/tasks.json", token=own)
    assert listed["tasks"] == []
    assert listed["stageCount"]["all"] == "0"
    assert listed["pagination"]["totalCount"] == 0


async def test_an_agent_cannot_make_a_task_on_a_ticket_they_do_not_see(
    app: FastAPI, desk: Desk
) -> None:
    own = await support_token(
        app, SupportRole.AGENT, "own@desk.example", ticket_view=4, privileges=TASK_PRIVILEGES
    )
    body = {"subject": "x", "ticket": desk.ticket}
    assert (
        "ticket"
        in assert_uv_error(await desk.call("POST", "/api/tasks.json", body, token=own), 400)[
            "errors"
        ]
    )


async def test_customers_have_no_tasks(app: FastAPI, desk: Desk) -> None:
    customer = await support_token(app, SupportRole.CUSTOMER, "test@example.com")
    task = await desk.task()
    assert_uv_error(await desk.call("GET", "/api/tasks.json", token=customer), 403)
    assert_uv_error(await desk.call("GET", f"/api/task/{task}.json", token=customer), 403)


async def test_the_ticket_view_shows_its_tasks_to_agents_only(app: FastAPI, desk: Desk) -> None:
    task = await desk.task()
    number = (await desk.made("GET", "/api/tickets.json"))["tickets"][0]["incrementId"]
    view = await desk.made("GET", f"/api/ticket/{number}.json")
    assert [t["id"] for t in view["ticketTasks"]] == [task]
    customer = await support_token(app, SupportRole.CUSTOMER, "test@example.com")
    assert (await desk.made("GET", f"/api/ticket/{number}.json", token=customer))[
        "ticketTasks"
    ] == []


async def test_deleting_a_ticket_for_good_removes_its_tasks(app: FastAPI, desk: Desk) -> None:
    task = await desk.task()
    await desk.made("POST", f"/api/task/{task}/follower.json", {"followerId": desk.agent_id})
    await desk.made("POST", "/api/todo.json", {"taskId": task, "description": "review"})
    await desk.made("POST", "/api/todo.json", {"ticketId": desk.ticket, "description": "call"})
    await desk.made("DELETE", "/api/tickets.json", {"ids": [desk.ticket]})
    assert_uv_error(await desk.call("GET", f"/api/task/{task}.json"), 404)
    assert await count(app, Task) == 0
    assert await count(app, Todo) == 0
    assert await count(app, task_followers) == 0
    assert await count(app, task_threads) == 0
