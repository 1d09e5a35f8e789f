"""The policy matrix: every route is in the table, and every cell of the table holds over
real HTTP (issue 10).

The world is built once per test through the API; reads never change it, and writes are
run only for the actors they must refuse (a refused write changes nothing), so one world
serves every cell of a dialect.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute, iter_route_contexts
from PIL import Image

from helpdesk.domain.identity.models import AccountType, SupportRole
from tests.api.uvdesk.helpers import support_token
from tests.factories import marketplace_token
from tests.policy.table import (
    ADMIN,
    AGENT_IN_GROUP,
    AGENT_OUTSIDE_GROUP,
    AGENT_WITHOUT_PRIVILEGE,
    ANONYMOUS,
    CHAT_CELLS,
    CLIENT_A,
    CLIENT_B,
    CUSTOMER_A,
    CUSTOMER_B,
    KB_CELLS,
    MARKETPLACE_ACTORS,
    OPERATIONS,
    OWNER,
    ROUTES,
    TICKET_CELLS,
    UVDESK_ACTORS,
    VENDOR,
    Cells,
)

pytestmark = pytest.mark.anyio

READS = {"get", "download", "list", "count"}


def app_routes(app: FastAPI) -> set[str]:
    return {
        f"{method} {context.path_format}"
        for context in iter_route_contexts(app.routes)
        if isinstance(context.route, APIRoute)
        for method in (context.methods or set()) - {"HEAD"}
    }


async def test_every_route_is_in_the_policy_table(app: FastAPI) -> None:
    missing = sorted(app_routes(app) - set(ROUTES))
    assert not missing, f"Routes missing from tests/policy/table.py: {missing}"


async def test_every_row_of_the_policy_table_is_a_route(app: FastAPI) -> None:
    assert not sorted(set(ROUTES) - app_routes(app))


async def test_every_cell_names_a_route_of_the_table() -> None:
    cells = (*CHAT_CELLS, *TICKET_CELLS, *KB_CELLS)
    assert not [c.route for c in cells if c.route not in ROUTES]


@dataclass
class World:
    tokens: dict[str, str | None]
    ids: dict[str, str]
    paths: dict[str, dict[str, str]]


def expected(cell: Cells, actor: str) -> int:
    if actor in cell.allowed:
        return 200
    if actor == "anonymous" and not cell.public:
        return 401
    return 403 if actor in cell.refused else dict(cell.answers).get(actor, 404)


async def request(
    client: httpx.AsyncClient, world: World, cell: Cells, actor: str
) -> httpx.Response:
    method, template = cell.route.split(" ", 1)
    path = template.format(**world.paths[cell.obj])
    token = world.tokens[actor]
    headers = {"Accept": cell.accept}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = with_id(cell.body, world.ids.get(cell.obj, ""))
    return await client.request(method, path, headers=headers, json=body)


def with_id(body: Any, object_id: str) -> Any:
    """The body with ``"{id}"`` placeholders replaced by the object's id."""
    if body is None:
        return None
    return json.loads(json.dumps(body).replace('"{id}"', json.dumps(object_id)))


def listed_ids(response: httpx.Response) -> tuple[list[str], int]:
    body = response.json()
    if "$meta" in body:
        return [str(i["id"]) for i in body["data"]], int(body["$meta"]["pagination"]["total"])
    if "results" in body:  # the knowledge base's lists
        items, block = body["results"], body["pagination_data"]
    else:
        items = body["tasks"] if "tasks" in body else body["tickets"]
        block = body["pagination"]
    return [str(i["id"]) for i in items], int(block["totalCount"])


async def check(client: httpx.AsyncClient, world: World, cell: Cells, actor: str) -> str | None:
    """The failure of one cell, or None when it holds."""
    if cell.verb not in READS and actor in cell.allowed:
        return None  # allowed writes change the world; the feature tests make them
    response = await request(client, world, cell, actor)
    where = f"{cell.route} [{cell.obj}] {cell.verb} as {actor}"
    judge = {"count": counted_only_if_seen, "list": listed_only_if_seen}.get(cell.verb, answered)
    problem = judge(response, world, cell, actor)
    return None if problem is None else f"{where}: {problem}"


def counted_only_if_seen(
    response: httpx.Response, world: World, cell: Cells, actor: str
) -> str | None:
    counted = response.json()["statistics"]["totalCasesCount"]
    return None if counted == (1 if actor in cell.allowed else 0) else f"counted {counted}"


def listed_only_if_seen(
    response: httpx.Response, world: World, cell: Cells, actor: str
) -> str | None:
    status = response.status_code
    if (actor == ANONYMOUS and not cell.public) or (
        status in (403, 404) and actor not in cell.allowed
    ):
        # Anonymous callers get 401 (except on public reads); a list inside a hidden chat is
        # hidden whole; a list for agents only refuses customers.
        return None if status == expected(cell, actor) else f"{status}"
    if status != 200:
        return f"{status} instead of a list"
    ids, total = listed_ids(response)
    shown = world.ids[cell.obj] in ids
    if shown != (actor in cell.allowed):
        return "listed" if shown else "not listed"
    if "stageCount" in response.json() and response.json()["stageCount"]["all"] != str(total):
        return f"stageCount {response.json()['stageCount']} for a total of {total}"
    return None if total == len(ids) else f"total {total} for {len(ids)} items"


def answered(response: httpx.Response, world: World, cell: Cells, actor: str) -> str | None:
    want, got = expected(cell, actor), response.status_code
    if want == 200:
        return None if got in (200, 201) else f"{got}, expected {want}"
    if got != want:
        return f"{got}, expected {want}"
    leaked = cell.verb == "download" and b"cell bytes" in response.content
    return "the bytes leaked" if leaked else None


async def run_cells(
    client: httpx.AsyncClient, world: World, table: tuple[Cells, ...], actors: tuple[str, ...]
) -> int:
    failures = [
        failure
        for cell in table
        for actor in actors
        if (failure := await check(client, world, cell, actor)) is not None
    ]
    assert not failures, "\n".join(failures)
    return len(table) * len(actors)


# The Marketplace world.


async def contact_of(client: httpx.AsyncClient, operations: str, email: str) -> str:
    found = await client.get(
        f"/public/v1/notifications/contacts?email={email}",
        headers={"Authorization": f"Bearer {operations}"},
    )
    return str(found.json()["data"][0]["id"])


async def posted(client: httpx.AsyncClient, token: str, path: str, **kwargs: Any) -> str:
    response = await client.post(
        f"/public/v1/helpdesk{path}", headers={"Authorization": f"Bearer {token}"}, **kwargs
    )
    assert response.status_code == 201, response.text
    body = response.json()
    return str(body[0]["id"] if isinstance(body, list) else body["id"])


async def chat_world(app: FastAPI, client: httpx.AsyncClient) -> World:
    tokens: dict[str, str | None] = {
        OPERATIONS: await marketplace_token(app, AccountType.OPERATIONS, "Ops", "ops@ops.test"),
        CLIENT_A: await marketplace_token(app, AccountType.CLIENT, "Client A", "ann@a.test"),
        CLIENT_B: await marketplace_token(app, AccountType.CLIENT, "Client B", "bob@b.test"),
        VENDOR: await marketplace_token(app, AccountType.VENDOR, "Vendor", "val@v.test"),
    }
    ops, ann = str(tokens[OPERATIONS]), str(tokens[CLIENT_A])
    chat = await posted(client, ops, "/chats", json={"type": "Group", "name": "Policy"})
    ids = {"chat": chat}
    for email in ("ann@a.test", "val@v.test"):
        participant = await posted(
            client,
            ops,
            f"/chats/{chat}/participants",
            json=[{"contact": {"id": await contact_of(client, ops, email)}}],
        )
        if email == "ann@a.test":
            ids["participant A"] = participant
    for visibility in ("public", "private"):
        message = await posted(
            client,
            ann,
            f"/chats/{chat}/messages",
            json={"content": visibility, "visibility": visibility.capitalize()},
        )
        ids[f"{visibility} message"] = message
        part = json.dumps({"name": visibility, "message": {"id": message}})
        ids[f"{visibility} attachment"] = await posted(
            client,
            ann,
            f"/chats/{chat}/attachments",
            files={
                "attachment": (None, part, "application/json"),
                "file": ("cell.txt", b"cell bytes", "text/plain"),
            },
        )
        ids[f"{visibility} link"] = await posted(
            client,
            ann,
            f"/chats/{chat}/links",
            json={"uri": "https://x.test", "message": {"id": message}},
        )
    await cases_world(client, tokens, ids)
    ids["contact A"] = await contact_of(client, ops, "ann@a.test")
    paths = {
        name: {
            "chat_id": chat,
            "case_id": item,
            "queue_id": item,
            "message_id": item,
            "attachment_id": item,
            "link_id": item,
            "participant_id": item,
        }
        for name, item in ids.items()
    }
    return World(tokens, ids, paths)


async def cases_world(
    client: httpx.AsyncClient, tokens: dict[str, str | None], ids: dict[str, str]
) -> None:
    ops, ann = str(tokens[OPERATIONS]), str(tokens[CLIENT_A])
    ids["shared queue"] = await posted(client, ops, "/queues", json={"name": "Shared"})
    ids["queue A"] = await posted(client, ann, "/queues", json={"name": "A's own"})
    case = {"queue": {"id": ids["shared queue"]}, "chat": {"lastMessage": {"content": "help"}}}
    ids["case A"] = await posted(client, ann, "/cases", json=case)


async def test_the_marketplace_cells_hold(app: FastAPI, client: httpx.AsyncClient) -> None:
    world = await chat_world(app, client)
    await run_cells(client, world, CHAT_CELLS, MARKETPLACE_ACTORS)


# The UVdesk world.


async def ticket_world(app: FastAPI, client: httpx.AsyncClient) -> World:
    tokens: dict[str, str | None] = {
        OWNER: await support_token(app, SupportRole.SUPER_ADMIN, "owner@desk.test"),
        ADMIN: await support_token(app, SupportRole.ADMIN, "admin@desk.test"),
        AGENT_IN_GROUP: await support_token(app, SupportRole.AGENT, "in@desk.test", ticket_view=2),
        AGENT_OUTSIDE_GROUP: await support_token(
            app, SupportRole.AGENT, "out@desk.test", ticket_view=2
        ),
        AGENT_WITHOUT_PRIVILEGE: await support_token(app, SupportRole.AGENT, "bare@desk.test"),
        CUSTOMER_A: await support_token(app, SupportRole.CUSTOMER, "alice@example.com"),
        CUSTOMER_B: await support_token(app, SupportRole.CUSTOMER, "bob@example.com"),
        ANONYMOUS: None,
    }
    admin = {"Authorization": f"Bearer {tokens[ADMIN]}"}
    grouped = {"Authorization": f"Bearer {tokens[AGENT_IN_GROUP]}"}
    me = (await client.get("/api/me.json", headers=grouped)).json()
    group = (
        await client.post(
            "/api/groups.json",
            headers=admin,
            json={"name": "Ours", "description": "d", "users": [me["id"]]},
        )
    ).json()
    ticket = (
        await client.post(
            "/api/tickets.json",
            headers=admin,
            json={
                "name": "Alice",
                "from": "alice@example.com",
                "reply": "help",
                "subject": "policy",
                "type": "807",
                "group": str(group["id"]),
            },
        )
    ).json()
    ids = {"ticket": str(ticket["id"])}
    paths = {"ticket": {"ticket_id": ids["ticket"], "increment_id": str(ticket["incrementId"])}}
    owner = {"Authorization": f"Bearer {tokens[OWNER]}"}
    paths["owner"] = {
        "user_id": str((await client.get("/api/me.json", headers=owner)).json()["id"])
    }
    await marketplace_token(app, AccountType.CLIENT, "Client M", "mia@m.test")
    await client.post(
        "/api/tickets.json",
        headers=admin,
        json={"name": "Mia", "from": "mia@m.test", "reply": "x", "subject": "y", "type": "807"},
    )
    found = (await client.get("/api/customers.json?search=mia", headers=admin)).json()
    paths["marketplace customer"] = {"user_id": str(found["customers"][0]["id"])}
    await tasks_world(client, admin, ids, paths)
    logo = {"logo": ("logo.png", small_png(), "image/png")}
    await client.put("/api/company/theme.json", headers=admin, files=logo)
    paths["theme logo"] = {"slot": "logo"}
    prepared = {"name": "Escalate", "type": 0, "actions": [{"type": "priority", "value": "3"}]}
    workflow = (await client.post("/api/workflows.json", headers=admin, json=prepared)).json()
    paths["prepared response"] = {
        "ticket_id": ids["ticket"],
        "workflow_id": str(workflow["id"]),
        "kind": "0",
    }
    return World(tokens, ids, paths)


async def tasks_world(
    client: httpx.AsyncClient,
    admin: dict[str, str],
    ids: dict[str, str],
    paths: dict[str, dict[str, str]],
) -> None:
    """A task on the ticket made with a note of it, and a todo on each."""

    async def made(path: str, body: dict[str, Any]) -> str:
        response = await client.post(path, headers=admin, json=body)
        assert response.status_code == 200, response.text
        return str(response.json()["id"])

    ticket = ids["ticket"]
    note = await made(f"/api/ticket/{ticket}/threads.json", {"threadType": "note", "reply": "n"})
    task = await made("/api/tasks.json", {"subject": "policy", "ticket": ticket})
    ids["task"], ids["task note"] = task, note
    paths["task"] = paths["task note"] = {"task_id": task, "thread_id": note}
    for name, place in (("ticket todo", {"ticketId": ticket}), ("task todo", {"taskId": task})):
        ids[name] = await made("/api/todo.json", {**place, "description": "t"})
        paths[name] = {"todo_id": ids[name]}


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    return out.getvalue()


async def test_the_uvdesk_cells_hold(app: FastAPI, client: httpx.AsyncClient) -> None:
    world = await ticket_world(app, client)
    await run_cells(client, world, TICKET_CELLS, UVDESK_ACTORS)


async def kb_world(client: httpx.AsyncClient, tokens: dict[str, str | None]) -> World:
    admin = {"Authorization": f"Bearer {tokens[ADMIN]}"}

    async def made(path: str, body: dict[str, Any]) -> str:
        response = await client.post(path, headers=admin, json=body)
        assert response.status_code == 200, response.text
        return str(response.json()["id"])

    ids: dict[str, str] = {}
    for side in ("public", "private"):
        folder = await made("/api/solutions.json", {"name": side, "visibility": side})
        category = await made("/api/categories.json", {"solutionId": folder, "name": side})
        ids[f"{side} folder"], ids[f"{side} category"] = folder, category
        article = {"categoryId": category, "name": f"{side} article", "status": 1}
        ids[f"{side} article"] = await made("/api/articles.json", article)
    ids["published article"] = ids.pop("public article")
    ids["draft article"] = await made(
        "/api/articles.json", {"categoryId": ids["public category"], "name": "draft"}
    )
    paths = {
        name: {"folder_id": item, "category_id": item, "article_id": item}
        for name, item in ids.items()
    }
    return World(tokens, ids, paths)


async def test_the_knowledgebase_cells_hold(app: FastAPI, client: httpx.AsyncClient) -> None:
    tickets = await ticket_world(app, client)
    world = await kb_world(client, tickets.tokens)
    await run_cells(client, world, KB_CELLS, UVDESK_ACTORS)
