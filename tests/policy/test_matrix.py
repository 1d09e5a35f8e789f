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
# UVdesk's routes: its API, and the OAuth endpoints that issue tokens for it.
UVDESK_PATHS = ("/api/", "/oauth/")


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
    assert not [c.route for c in (*CHAT_CELLS, *TICKET_CELLS) if c.route not in ROUTES]


async def test_every_route_of_the_policy_table_has_cells() -> None:
    """A new route joins the matrix with cells that run, not just with its name."""
    covered = {cell.route for cell in (*CHAT_CELLS, *TICKET_CELLS)}
    assert not sorted(set(ROUTES) - covered), "Routes without cells in tests/policy/table.py"


async def test_each_dialects_cells_call_that_dialect() -> None:
    """Cells run against their dialect's world and actors only."""
    assert all(not c.route.split(" ", 1)[1].startswith(UVDESK_PATHS) for c in CHAT_CELLS)
    assert all(c.route.split(" ", 1)[1].startswith(UVDESK_PATHS) for c in TICKET_CELLS)


class Placeholders(dict[str, str]):
    """Path values of one object: its own id for every placeholder not given otherwise."""

    def __init__(self, own: str, **given: str) -> None:
        super().__init__(given)
        self.own = own

    def __missing__(self, key: str) -> str:
        return self.own


@dataclass
class World:
    tokens: dict[str, str | None]
    ids: dict[str, str]
    paths: dict[str, Placeholders]


def expected(cell: Cells, actor: str) -> int:
    if actor in cell.allowed:
        return 200
    if actor == ANONYMOUS and not cell.public:
        return 401
    return 403 if actor in cell.refused else dict(cell.answers).get(actor, cell.unseen)


async def request(
    client: httpx.AsyncClient, world: World, cell: Cells, actor: str
) -> httpx.Response:
    method, template = cell.route.split(" ", 1)
    path = (template + cell.query).format_map(world.paths[cell.obj])
    token = world.tokens[actor]
    headers = {"Accept": cell.accept}
    if token is not None:
        headers["Authorization"] = f"Bearer {token}"
    body = with_id(cell.body, world.ids.get(cell.obj, ""), world.ids)
    if cell.content is not None:
        headers["Content-Type"] = cell.content_type or "application/octet-stream"
        return await client.request(method, path, headers=headers, content=cell.content)
    if cell.multipart is not None:
        files = {
            cell.multipart: (None, json.dumps(body or {}), "application/json"),
            cell.file_part: ("cell.txt", b"cell bytes", "text/plain"),
        }
        return await client.request(method, path, headers=headers, files=files)
    return await client.request(method, path, headers=headers, json=body)


def with_id(body: Any, object_id: str, ids: dict[str, str]) -> Any:
    """The body with ``"{id}"`` replaced by the object's id and ``"{name}"`` by the id of the
    world's object of that name (a number stays one)."""
    if body is None:
        return None
    text = json.dumps(body)
    for name, value in {**ids, "id": object_id}.items():
        text = text.replace(f'"{{{name}}}"', json.dumps(int(value) if value.isdigit() else value))
    return json.loads(text)


def listed_ids(body: Any, items: str | None = None) -> tuple[list[str], int]:
    """The ids a list answered and the total it claims, in either dialect's shape, or the
    ids of the list at the dotted path ``items`` inside an object."""
    if items is not None:
        for key in items.split("."):
            body = body[key]
    if isinstance(body, list):
        return [str(i["id"]) for i in body], len(body)
    if "$meta" in body:
        return [str(i["id"]) for i in body["data"]], int(body["$meta"]["pagination"]["total"])
    items = next(value for value in body.values() if isinstance(value, list))
    paging = body.get("pagination_data") or body.get("pagination")
    total = int(paging["totalCount"]) if paging else len(items)
    return [str(i["id"]) for i in items], total


async def check(client: httpx.AsyncClient, world: World, cell: Cells, actor: str) -> str | None:
    """The failure of one cell, or None when it holds."""
    if cell.verb not in READS and actor in cell.allowed:
        return None  # allowed writes change the world; the feature tests make them
    response = await request(client, world, cell, actor)
    where = f"{cell.route} [{cell.obj}] {cell.verb} as {actor}"
    judge = {"count": counted_only_if_seen, "list": listed_only_if_seen}.get(cell.verb, answered)
    problem = judge(response, world, cell, actor)
    return None if problem is None else f"{where}: {problem} {response.text[:200]}"


def counted_only_if_seen(
    response: httpx.Response, world: World, cell: Cells, actor: str
) -> str | None:
    if response.status_code != 200 or actor == ANONYMOUS:
        return None if response.status_code == expected(cell, actor) else f"{response.status_code}"
    figures = response.json()
    for key in cell.counter.split("."):
        figures = figures[int(key)] if isinstance(figures, list) else figures[key]
    counted = int(figures)
    seen, unseen = cell.counts
    want = seen if actor in cell.allowed else unseen
    return None if counted == want else f"{cell.counter} {counted}, expected {want}"


def listed_only_if_seen(
    response: httpx.Response, world: World, cell: Cells, actor: str
) -> str | None:
    status = response.status_code
    anonymous = actor == ANONYMOUS and not cell.public
    refused = anonymous or actor in cell.refused or actor in dict(cell.answers)
    if refused or (status == 404 and actor not in cell.allowed):
        # Refused callers get their answer; a list inside a hidden chat is hidden whole.
        return None if status == expected(cell, actor) else f"{status}"
    if status != 200:
        return f"{status} instead of a list"
    ids, total = listed_ids(response.json(), cell.items)
    shown = world.ids[cell.obj] in ids
    if shown != (actor in cell.allowed):
        return "listed" if shown else "not listed"
    return None if total == len(ids) else f"total {total} for {len(ids)} items"


def answered(response: httpx.Response, world: World, cell: Cells, actor: str) -> str | None:
    want, got = expected(cell, actor), response.status_code
    if want == 200:
        if got not in (200, 201, 204):
            return f"{got}, expected {want}"
        if actor not in cell.allowed and world.ids[cell.obj] not in response.json()["warning"]:
            return "applied to an object out of sight"
        return None
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
    assert not failures, f"{len(failures)} cells fail:\n" + "\n".join(failures)
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
        ANONYMOUS: None,
    }
    ops, ann = str(tokens[OPERATIONS]), str(tokens[CLIENT_A])
    chat = await posted(
        client,
        ops,
        "/chats",
        files={
            "chat": (None, json.dumps({"type": "Group", "name": "Policy"}), "application/json"),
            "icon": ("icon.png", b"cell bytes", "image/png"),
        },
    )
    ids = {"chat": chat}
    for email in ("ann@a.test", "val@v.test"):
        participant = await posted(
            client,
            ops,
            f"/chats/{chat}/participants",
            json=[{"contact": {"id": await contact_of(client, ops, email)}}],
        )
        ids["participant A" if email == "ann@a.test" else "participant V"] = participant
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
    await configuration_world(client, tokens, ids)
    ids["answer A"] = await posted(
        client, ann, f"/chats/{chat}/answers", json={"form": {"id": ids["ops form"]}}
    )
    ids["channel A"] = await posted(client, ann, "/channels", json={"name": "A's channel"})
    ids["channel message"] = await posted(
        client, ann, f"/chats/{ids['channel A']}/messages", json={"content": "hello"}
    )
    ids["feedback A"] = await posted(client, ann, "/feedback", json={"name": "Slow pages"})
    ids["feedback attachment A"] = await posted(
        client,
        ann,
        f"/feedback/{ids['feedback A']}/attachments",
        files={
            "attachment": (None, '{"name": "Log"}', "application/json"),
            "file": ("cell.txt", b"cell bytes", "text/plain"),
        },
    )
    ids["contact A"] = await contact_of(client, ops, "ann@a.test")
    bob = str(tokens[CLIENT_B])
    ids["queue B"] = await posted(client, bob, "/queues", json={"name": "B's own"})
    ids["B's chat"] = await posted(client, bob, "/chats", json={"type": "Group", "name": "B"})
    ids["feedback B"] = await posted(client, bob, "/feedback", json={"name": "B's"})
    inside = {
        "ops member": {"group_id": ids["ops group"]},
        "member A": {"group_id": ids["group A"]},
        "feedback attachment A": {"feedback_id": ids["feedback A"]},
        "channel message": {"channel_id": ids["channel A"]},
        "queue B": {"case_id": ids["case A"]},
    }
    paths = {
        name: Placeholders(item, **inside.get(name, {"chat_id": chat}))
        for name, item in ids.items()
    }
    paths["healthz"] = Placeholders("")
    # The same items reached through a parent they do not belong to.
    elsewhere = {
        "chat": {"channel_id": chat},
        "public message": {"chat_id": ids["B's chat"]},
        "public attachment": {"chat_id": ids["B's chat"]},
        "public link": {"chat_id": ids["B's chat"]},
        "participant A": {"chat_id": ids["B's chat"]},
        "answer A": {"chat_id": ids["B's chat"]},
        "feedback attachment A": {"feedback_id": ids["feedback B"]},
        "member A": {"group_id": ids["ops group"]},
    }
    for name, parent in elsewhere.items():
        ids[f"{name} elsewhere"] = ids[name]
        paths[f"{name} elsewhere"] = Placeholders(ids[name], **parent)
    return World(tokens, ids, paths)


async def cases_world(
    client: httpx.AsyncClient, tokens: dict[str, str | None], ids: dict[str, str]
) -> None:
    ops, ann = str(tokens[OPERATIONS]), str(tokens[CLIENT_A])
    ids["shared queue"] = await posted(client, ops, "/queues", json={"name": "Shared"})
    ids["queue A"] = await posted(client, ann, "/queues", json={"name": "A's own"})
    case = {"queue": {"id": ids["shared queue"]}, "chat": {"lastMessage": {"content": "help"}}}
    ids["case A"] = await posted(client, ann, "/cases", json=case)


async def configuration_world(
    client: httpx.AsyncClient, tokens: dict[str, str | None], ids: dict[str, str]
) -> None:
    """Operations' shared configuration (a published form) and client A's own (a draft)."""
    for owner, token in (("ops", tokens[OPERATIONS]), ("A", tokens[CLIENT_A])):
        caller = str(token)
        parameter = await posted(
            client,
            caller,
            "/parameters",
            json={"name": f"{owner} colour", "type": "SingleLineText", "scope": "Form"},
        )
        group = await posted(client, caller, "/parameter-groups", json={"name": f"{owner}"})
        member = await posted(
            client,
            caller,
            f"/parameter-groups/{group}/parameters",
            json={"parameter": {"id": parameter}},
        )
        form = await posted(
            client,
            caller,
            "/forms",
            json={"name": f"{owner} form", "parameterGroups": [{"parameterGroup": {"id": group}}]},
        )
        suffix = " A" if owner == "A" else ""
        prefix = "ops " if owner == "ops" else ""
        ids[f"{prefix}parameter{suffix}"] = parameter
        ids[f"{prefix}group{suffix}"] = group
        ids[f"{prefix}member{suffix}"] = member
        ids[f"{prefix}form{suffix}"] = form
    # Client A builds on operations' parameter too, and gives case A a value of operations'
    # case parameter: figures about operations' definitions count those uses for client A.
    await posted(
        client,
        str(tokens[CLIENT_A]),
        f"/parameter-groups/{ids['group A']}/parameters",
        json={"parameter": {"id": ids["ops parameter"]}, "displayOrder": 1},
    )
    ids["ops case parameter"] = await posted(
        client,
        str(tokens[OPERATIONS]),
        "/parameters",
        json={"name": "Order", "type": "SingleLineText", "scope": "Case", "displayOrder": 1},
    )
    valued = await client.put(
        f"/public/v1/helpdesk/cases/{ids['case A']}",
        headers={"Authorization": f"Bearer {tokens[CLIENT_A]}"},
        json={"parameters": [{"parameter": {"id": ids["ops case parameter"]}, "value": "x"}]},
    )
    assert valued.status_code == 200, valued.text
    published = await client.post(
        f"/public/v1/helpdesk/forms/{ids['ops form']}/publish",
        headers={"Authorization": f"Bearer {tokens[OPERATIONS]}"},
    )
    assert published.status_code == 200, published.text
    account = await client.get(
        f"/public/v1/helpdesk/forms/{ids['form A']}",
        headers={"Authorization": f"Bearer {tokens[CLIENT_A]}"},
    )
    ids["account A"] = str(account.json()["account"]["id"])


async def test_the_marketplace_cells_hold(app: FastAPI, client: httpx.AsyncClient) -> None:
    world = await chat_world(app, client)
    await run_cells(client, world, CHAT_CELLS, MARKETPLACE_ACTORS)


# The UVdesk world.

# Every agent privilege the server knows: the grouped agents hold them all, so what they
# may not do is a matter of scope; the bare agent holds none.
EVERY_PRIVILEGE = (
    "ROLE_AGENT_ADD_COLLABORATOR_TO_TICKET",
    "ROLE_AGENT_ADD_MEMBER_TO_TASK",
    "ROLE_AGENT_ADD_NOTE",
    "ROLE_AGENT_ADD_TAG",
    "ROLE_AGENT_APPLY_WORKFLOW",
    "ROLE_AGENT_ASSIGN_TICKET",
    "ROLE_AGENT_ASSIGN_TICKET_GROUP",
    "ROLE_AGENT_CREATE_TASK",
    "ROLE_AGENT_CREATE_TICKET",
    "ROLE_AGENT_DELETE_COLLABORATOR_FROM_TICKET",
    "ROLE_AGENT_DELETE_MEMBER_FROM_TASK",
    "ROLE_AGENT_DELETE_TAG",
    "ROLE_AGENT_DELETE_TASK",
    "ROLE_AGENT_DELETE_THREAD_NOTE",
    "ROLE_AGENT_DELETE_TICKET",
    "ROLE_AGENT_EDIT_TASK",
    "ROLE_AGENT_EDIT_THREAD_NOTE",
    "ROLE_AGENT_EDIT_TICKET",
    "ROLE_AGENT_MANAGE_AGENT",
    "ROLE_AGENT_MANAGE_AGENT_PRIVILEGE",
    "ROLE_AGENT_MANAGE_CUSTOMER",
    "ROLE_AGENT_MANAGE_CUSTOM_FIELD",
    "ROLE_AGENT_MANAGE_EMAIL_TEMPLATE",
    "ROLE_AGENT_MANAGE_GROUP",
    "ROLE_AGENT_MANAGE_KNOWLEDGEBASE",
    "ROLE_AGENT_MANAGE_LOCK_AND_UNLOCK_THREAD",
    "ROLE_AGENT_MANAGE_SUB_GROUP",
    "ROLE_AGENT_MANAGE_TAG",
    "ROLE_AGENT_MANAGE_TICKET_TYPE",
    "ROLE_AGENT_MANAGE_WORKFLOW_AUTOMATIC",
    "ROLE_AGENT_MANAGE_WORKFLOW_MANUAL",
    "ROLE_AGENT_RESTORE_TICKET",
    "ROLE_AGENT_UPDATE_TICKET_PRIORITY",
    "ROLE_AGENT_UPDATE_TICKET_STATUS",
    "ROLE_AGENT_UPDATE_TICKET_TYPE",
)
# A message whose MIME structure is cut short: intake quarantines it.
TRUNCATED = (
    b"From: Tess <tess@customer.example>\r\nSubject: cut short\r\n"
    b"Content-Type: multipart/mixed; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/plain\r\n\r\nhel"
)


class Desk:
    """Calls to the UVdesk API as one of the world's actors, each answer checked."""

    def __init__(self, client: httpx.AsyncClient, tokens: dict[str, str | None]) -> None:
        self.client, self.tokens = client, tokens

    async def call(self, actor: str, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[actor]}", **kwargs.pop("headers", {})}
        response = await self.client.request(method, path, headers=headers, **kwargs)
        assert response.status_code == 200, response.text
        return response.json()


async def ticket_world(app: FastAPI, client: httpx.AsyncClient) -> World:
    privileged = {"privileges": EVERY_PRIVILEGE, "ticket_view": 2}
    tokens: dict[str, str | None] = {
        OWNER: await support_token(app, SupportRole.SUPER_ADMIN, "owner@desk.test"),
        ADMIN: await support_token(app, SupportRole.ADMIN, "admin@desk.test"),
        AGENT_IN_GROUP: await support_token(app, SupportRole.AGENT, "in@desk.test", **privileged),
        AGENT_OUTSIDE_GROUP: await support_token(
            app, SupportRole.AGENT, "out@desk.test", **privileged
        ),
        AGENT_WITHOUT_PRIVILEGE: await support_token(app, SupportRole.AGENT, "bare@desk.test"),
        CUSTOMER_A: await support_token(app, SupportRole.CUSTOMER, "alice@example.com"),
        CUSTOMER_B: await support_token(app, SupportRole.CUSTOMER, "bob@example.com"),
        ANONYMOUS: None,
    }
    desk = Desk(client, tokens)
    users = {
        actor: str((await desk.call(actor, "GET", "/api/me.json"))["id"])
        for actor in (OWNER, AGENT_IN_GROUP, AGENT_WITHOUT_PRIVILEGE, CUSTOMER_A)
    }
    group = await desk.call(
        ADMIN,
        "POST",
        "/api/groups.json",
        json={"name": "Ours", "description": "d", "users": [int(users[AGENT_IN_GROUP])]},
    )
    ticket = await desk.call(
        ADMIN,
        "POST",
        "/api/tickets.json",
        json={
            "name": "Alice",
            "from": "alice@example.com",
            "reply": "help",
            "subject": "policy",
            "type": "807",
            "group": str(group["id"]),
        },
    )
    ticket_id = str(ticket["id"])
    ids = {
        "ticket": ticket_id,
        "group": str(group["id"]),
        "owner": users[OWNER],
        "customer A": users[CUSTOMER_A],
        "bare agent": users[AGENT_WITHOUT_PRIVILEGE],
    }
    for name, actor, kind, topic in (
        ("agent reply", AGENT_IN_GROUP, "reply", "billing"),
        ("note", ADMIN, "note", "zanzibar"),
    ):
        ids[name] = str(
            (
                await desk.call(
                    actor,
                    "POST",
                    f"/api/ticket/{ticket_id}/threads.json",
                    data={"threadType": kind, "reply": f"a {kind} about {topic}"},
                    files={"attachments[]": ("cell.txt", b"cell bytes", "text/plain")},
                )
            )["id"]
        )
    threads = await desk.call(ADMIN, "GET", f"/api/ticket/{ticket_id}/threads.json")
    for thread in threads["threads"]:
        for name in ("agent reply", "note"):
            if str(thread["id"]) == ids[name]:
                ids[f"{name} attachment"] = str(thread["attachments"][0]["id"])
    await organisation_world(desk, ids)
    await desk.call(
        AGENT_IN_GROUP,
        "PATCH",
        f"/api/ticket/{ticket_id}.json",
        json={"editType": "label", "value": ids["label"]},
    )
    await mail_world(desk, ids)
    await app_customer(app, desk, ids)
    await tasks_world(desk, ids)
    await workflow_world(desk, ids)
    await kb_world(desk, ids)
    await desk.call(
        ADMIN,
        "PUT",
        "/api/company/theme.json",
        files={"logo": ("logo.png", small_png(), "image/png")},
    )
    ids["theme logo"] = "logo"
    bobs = await desk.call(
        ADMIN,
        "POST",
        "/api/tickets.json",
        json={
            "name": "Bob",
            "from": "bob@example.com",
            "reply": "x",
            "subject": "b",
            "type": "807",
        },
    )
    in_ticket = {"ticket_id": ticket_id, "increment_id": str(ticket["incrementId"])}
    paths = {name: Placeholders(item, **in_ticket) for name, item in ids.items()}
    paths["ticket"] = Placeholders(ticket_id, operation="status", **in_ticket)
    paths["me"] = Placeholders("")
    paths["task"] = Placeholders(ids["task"], thread_id=ids["task note"])
    paths["task note"] = Placeholders(ids["task note"], task_id=ids["task"])
    paths["prepared response"] = Placeholders(ids["prepared response"], kind="0", **in_ticket)
    ids["ticket by label"] = ticket_id
    paths["ticket by label"] = Placeholders(ticket_id, label_id=ids["label"])
    # Threads of the ticket reached through customer B's ticket.
    for name in ("agent reply", "note"):
        ids[f"{name} elsewhere"] = ids[name]
        paths[f"{name} elsewhere"] = Placeholders(ids[name], ticket_id=str(bobs["id"]))
    return World(tokens, ids, paths)


async def organisation_world(desk: Desk, ids: dict[str, str]) -> None:
    ticket = ids["ticket"]
    ids["team"] = str(
        (await desk.call(ADMIN, "POST", "/api/sub-groups.json", json={"name": "Team"}))["id"]
    )
    ids["ticket type"] = str(
        (
            await desk.call(
                ADMIN, "POST", "/api/ticket-types.json", json={"name": "Billing", "isActive": 1}
            )
        )["id"]
    )
    added = await desk.call(ADMIN, "POST", f"/api/ticket/{ticket}/tags.json", json={"name": "vip"})
    ids["tag"] = str(added["tag"]["id"])
    label = await desk.call(AGENT_IN_GROUP, "POST", "/api/labels.json", json={"name": "mine"})
    ids["label"] = str(label["label"]["id"])
    privilege = await desk.call(
        ADMIN,
        "POST",
        "/api/agent-privileges.json",
        json={"name": "Set", "description": "d", "privileges": ["ROLE_AGENT_ADD_NOTE"]},
    )
    ids["privilege set"] = str(privilege["id"])
    field = await desk.call(
        ADMIN,
        "POST",
        "/api/custom-fields.json",
        json={"name": "Order", "fieldType": "text", "agentType": "both", "status": 1},
    )
    ids["custom field"] = str(field["id"])


async def mail_world(desk: Desk, ids: dict[str, str]) -> None:
    mailbox = await desk.call(
        ADMIN,
        "POST",
        "/api/mailboxes.json",
        json={"name": "Support", "email": "support@example.com"},
    )
    ids["mailbox"] = str(mailbox["id"])
    quarantined = await desk.call(
        ADMIN,
        "POST",
        f"/api/mailbox/{ids['mailbox']}/inbound.json",
        content=TRUNCATED,
        headers={"Content-Type": "message/rfc822"},
    )
    ids["quarantined mail"] = str(quarantined["quarantineId"])
    template = await desk.call(
        ADMIN,
        "POST",
        "/api/email-templates.json",
        json={"name": "Policy", "subject": "s", "message": "m"},
    )
    ids["email template"] = str(template["id"])
    for name, actor in (("agent saved reply", AGENT_IN_GROUP), ("shared saved reply", ADMIN)):
        reply = await desk.call(
            actor, "POST", "/api/saved-replys.json", json={"name": name, "message": "m"}
        )
        ids[name] = str(reply["id"])


async def app_customer(app: FastAPI, desk: Desk, ids: dict[str, str]) -> None:
    """A customer who belongs to a Marketplace account (a ticket raised in their name)."""
    await marketplace_token(app, AccountType.CLIENT, "Client M", "mia@m.test")
    await desk.call(
        ADMIN,
        "POST",
        "/api/tickets.json",
        json={"name": "Mia", "from": "mia@m.test", "reply": "x", "subject": "y", "type": "807"},
    )
    found = await desk.call(ADMIN, "GET", "/api/customers.json?search=mia")
    ids["marketplace customer"] = str(found["customers"][0]["id"])


async def tasks_world(desk: Desk, ids: dict[str, str]) -> None:
    """A task on the ticket with the admin's note linked to it, and a todo on each."""
    ticket = ids["ticket"]
    task = await desk.call(
        ADMIN, "POST", "/api/tasks.json", json={"subject": "policy", "ticket": int(ticket)}
    )
    ids["task"], ids["task note"] = str(task["id"]), ids["note"]
    await desk.call(ADMIN, "POST", f"/api/task/{ids['task']}/thread/{ids['note']}.json")
    for name, place in (
        ("ticket todo", {"ticketId": ticket}),
        ("task todo", {"taskId": task["id"]}),
    ):
        todo = await desk.call(ADMIN, "POST", "/api/todo.json", json={**place, "description": "t"})
        ids[name] = str(todo["id"])


async def workflow_world(desk: Desk, ids: dict[str, str]) -> None:
    """A prepared response, applied to the ticket once (its run is logged)."""
    prepared = {"name": "Escalate", "type": 0, "actions": [{"type": "priority", "value": "3"}]}
    workflow = await desk.call(ADMIN, "POST", "/api/workflows.json", json=prepared)
    ids["prepared response"] = str(workflow["id"])
    await desk.call(ADMIN, "POST", f"/api/ticket/{ids['ticket']}/workflow/{workflow['id']}.json")
    runs = await desk.call(ADMIN, "GET", f"/api/ticket/{ids['ticket']}/workflow-runs.json")
    ids["workflow run"] = str(runs["workflowRuns"][0]["id"])


async def kb_world(desk: Desk, ids: dict[str, str]) -> None:
    """A public folder with a published article and a draft; a private folder with a
    published article."""
    for side in ("public", "private"):
        folder = await desk.call(
            ADMIN, "POST", "/api/solutions.json", json={"name": side, "visibility": side}
        )
        category = await desk.call(
            ADMIN, "POST", "/api/categories.json", json={"solutionId": folder["id"], "name": side}
        )
        article = await desk.call(
            ADMIN,
            "POST",
            "/api/articles.json",
            json={"categoryId": category["id"], "name": f"{side} article", "status": 1},
        )
        ids[f"{side} folder"], ids[f"{side} category"] = str(folder["id"]), str(category["id"])
        ids["published article" if side == "public" else "private article"] = str(article["id"])
    draft = await desk.call(
        ADMIN,
        "POST",
        "/api/articles.json",
        json={"categoryId": ids["public category"], "name": "draft"},
    )
    ids["draft article"] = str(draft["id"])


def small_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8, 8)).save(out, format="PNG")
    return out.getvalue()


async def test_the_uvdesk_cells_hold(app: FastAPI, client: httpx.AsyncClient) -> None:
    world = await ticket_world(app, client)
    await run_cells(client, world, TICKET_CELLS, UVDESK_ACTORS)
