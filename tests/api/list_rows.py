"""Rows for every list endpoint of both dialects, made through the API the way clients make
them, for ``test_list_query_counts``.

A ``Listing`` is one list endpoint ready to be read: its path, who reads it, how to add its
next row and how many rows the answer reports. Each ``*_listing`` function builds the
parents a list needs (a chat for its messages, a ticket for its threads) and returns it.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import AccountType, SupportRole
from helpdesk.domain.mailboxes.models import Mailbox
from tests.api.marketplace.helpers import BASE, Parties, make_parties
from tests.api.uvdesk.helpers import support_token
from tests.conftest import bearer
from tests.factories import in_transaction, marketplace_token

CONTACTS = "/public/v1/notifications/contacts"
# Marketplace lists are read with a page large enough to render every row.
MARKETPLACE_PAGE = "?limit=100"
CHOICE = {"type": "Choice", "scope": "Form", "constraints": {"options": ["red", "green"]}}
TEAM_MEMBER = {
    "lastName": "Agent",
    "password": {"first": "", "second": ""},
    "role": "ROLE_AGENT",
    "isActive": "1",
}


@dataclass(frozen=True, slots=True)
class Callers:
    app: FastAPI
    http: httpx.AsyncClient
    parties: Parties
    admin: str

    async def send(self, method: str, path: str, token: str, **kwargs: Any) -> Any:
        response = await self.http.request(method, path, headers=bearer(token), **kwargs)
        assert response.status_code in (200, 201), response.text
        return response.json()

    async def market(self, path: str, token: str, body: Any = None, **kwargs: Any) -> Any:
        """A Marketplace POST; ``body`` as JSON, or ``files=`` for multipart."""
        sent = {"json": body} if body is not None else kwargs
        return await self.send("POST", f"{BASE}{path}", token, **sent)

    async def uvdesk(self, path: str, body: Any) -> Any:
        return await self.send("POST", path, self.admin, json=body)


async def make_callers(http: httpx.AsyncClient, app: FastAPI) -> Callers:
    admin = await support_token(app, SupportRole.ADMIN, "admin@desk.example", name="Ada Admin")
    return Callers(app, http, await make_parties(app), admin)


type AddRow = Callable[[int], Awaitable[object]]


def marketplace_total(body: Any) -> int:
    return int(body["$meta"]["pagination"]["total"])


def uvdesk_total(body: Any) -> int:
    block = body.get("pagination_data") or body["pagination"]
    return int(block["totalCount"])


def items(body: Any) -> int:
    return len(body)


def full_list(body: Any) -> int:
    return len(body["users"])


def every_list(body: Any) -> int:
    return sum(len(value) for value in body.values() if isinstance(value, list))


@dataclass(frozen=True, slots=True)
class Listing:
    path: str
    token: str
    add_row: AddRow
    rows: Callable[[Any], int]


def market_listing(path: str, token: str, add_row: AddRow) -> Listing:
    return Listing(f"{BASE}{path}{MARKETPLACE_PAGE}", token, add_row, marketplace_total)


def attachment_part(index: int) -> dict[str, Any]:
    return {
        "attachment": (None, json.dumps({"name": f"File {index}"}), "application/json"),
        "file": (f"file{index}.txt", b"content", "text/plain"),
    }


# Marketplace


async def queues_listing(c: Callers) -> Listing:
    ops = c.parties.operations
    return market_listing(
        "/queues", ops, lambda i: c.market("/queues", ops, {"name": f"Queue {i}"})
    )


async def cases_listing(c: Callers) -> Listing:
    queue = await c.market("/queues", c.parties.operations, {"name": "Support"})

    def file(i: int) -> Awaitable[object]:
        body = {"queue": {"id": queue["id"]}, "chat": {"lastMessage": {"content": f"Help {i}"}}}
        return c.market("/cases", c.parties.client, body)

    return market_listing("/cases", c.parties.operations, file)


async def chats_listing(c: Callers) -> Listing:
    ops = c.parties.operations

    def open_chat(i: int) -> Awaitable[object]:
        body = {"type": "Group", "name": f"Chat {i}", "lastMessage": {"content": "hello"}}
        return c.market("/chats", c.parties.client, body)

    # Only operations list every chat; anyone else lists a chat's own collections.
    return market_listing("/chats", ops, open_chat)


async def a_chat(c: Callers) -> str:
    body = {"type": "Group", "name": "Team", "lastMessage": {"content": "hello"}}
    return str((await c.market("/chats", c.parties.client, body))["id"])


async def participants_listing(c: Callers) -> Listing:
    """Colleagues join with their user's contact, so each participant shows an identity."""
    buyer, chat = c.parties.client, await a_chat(c)

    async def join(i: int) -> object:
        email = f"colleague{i}@one.test"
        await marketplace_token(c.app, AccountType.CLIENT, "Client One", email)
        found = await c.send("GET", f"{CONTACTS}?eq(email,{email})", buyer)
        contact = {"contact": {"id": found["data"][0]["id"]}}
        return await c.market(f"/chats/{chat}/participants", buyer, [contact])

    return market_listing(f"/chats/{chat}/participants", buyer, join)


async def messages_listing(c: Callers) -> Listing:
    buyer, chat = c.parties.client, await a_chat(c)
    path = f"/chats/{chat}/messages"
    return market_listing(path, buyer, lambda i: c.market(path, buyer, {"content": f"Note {i}"}))


async def attachments_listing(c: Callers) -> Listing:
    buyer, chat = c.parties.client, await a_chat(c)
    path = f"/chats/{chat}/attachments"
    return market_listing(path, buyer, lambda i: c.market(path, buyer, files=attachment_part(i)))


async def links_listing(c: Callers) -> Listing:
    buyer, chat = c.parties.client, await a_chat(c)
    path = f"/chats/{chat}/links"

    async def link(i: int) -> object:
        message = await c.market(f"/chats/{chat}/messages", buyer, {"content": f"Order {i}"})
        body = {
            "uri": f"https://example.com/{i}",
            "name": f"Link {i}",
            "message": {"id": message["id"]},
        }
        return await c.market(path, buyer, body)

    return market_listing(path, buyer, link)


async def published_form(c: Callers) -> str:
    ops = c.parties.operations
    group = await a_group_with_parameter(c, "Contact")
    body = {"name": "Onboarding", "parameterGroups": [{"parameterGroup": {"id": group}}]}
    form = await c.market("/forms", ops, body)
    await c.send("POST", f"{BASE}/forms/{form['id']}/publish", ops)
    return str(form["id"])


async def answers_listing(c: Callers) -> Listing:
    buyer, chat, form = c.parties.client, await a_chat(c), await published_form(c)
    path = f"/chats/{chat}/answers"
    return market_listing(path, buyer, lambda i: c.market(path, buyer, {"form": {"id": form}}))


async def channels_listing(c: Callers) -> Listing:
    ops = c.parties.operations
    return market_listing(
        "/channels", ops, lambda i: c.market("/channels", ops, {"name": f"News {i}"})
    )


async def channel_messages_listing(c: Callers) -> Listing:
    ops = c.parties.operations
    channel = (await c.market("/channels", ops, {"name": "News"}))["id"]
    post = f"/chats/{channel}/messages"
    return market_listing(
        f"/channels/{channel}/messages", ops, lambda i: c.market(post, ops, {"content": f"{i}"})
    )


async def feedback_listing(c: Callers) -> Listing:
    buyer = c.parties.client
    return market_listing(
        "/feedback", buyer, lambda i: c.market("/feedback", buyer, {"name": f"Idea {i}"})
    )


async def feedback_attachments_listing(c: Callers) -> Listing:
    buyer = c.parties.client
    feedback = (await c.market("/feedback", buyer, {"name": "Slow pages"}))["id"]
    path = f"/feedback/{feedback}/attachments"
    return market_listing(path, buyer, lambda i: c.market(path, buyer, files=attachment_part(i)))


async def a_parameter(c: Callers, name: str) -> str:
    return str(
        (await c.market("/parameters", c.parties.operations, {**CHOICE, "name": name}))["id"]
    )


async def a_group_with_parameter(c: Callers, name: str) -> str:
    ops = c.parties.operations
    group = (await c.market("/parameter-groups", ops, {"name": name}))["id"]
    member = {"parameter": {"id": await a_parameter(c, f"{name} colour")}, "displayOrder": 1}
    await c.market(f"/parameter-groups/{group}/parameters", ops, member)
    return str(group)


async def forms_listing(c: Callers) -> Listing:
    ops = c.parties.operations

    async def form(i: int) -> object:
        group = await a_group_with_parameter(c, f"Section {i}")
        body = {"name": f"Form {i}", "parameterGroups": [{"parameterGroup": {"id": group}}]}
        return await c.market("/forms", ops, body)

    return market_listing("/forms", ops, form)


async def parameters_listing(c: Callers) -> Listing:
    return market_listing("/parameters", c.parties.operations, lambda i: a_parameter(c, f"P{i}"))


async def parameter_groups_listing(c: Callers) -> Listing:
    return market_listing(
        "/parameter-groups",
        c.parties.operations,
        lambda i: a_group_with_parameter(c, f"Group {i}"),
    )


async def group_parameters_listing(c: Callers) -> Listing:
    ops = c.parties.operations
    group = (await c.market("/parameter-groups", ops, {"name": "Details"}))["id"]
    path = f"/parameter-groups/{group}/parameters"

    async def member(i: int) -> object:
        body = {"parameter": {"id": await a_parameter(c, f"P{i}")}, "displayOrder": i}
        return await c.market(path, ops, body)

    return market_listing(path, ops, member)


async def contacts_listing(c: Callers) -> Listing:
    ops, path = c.parties.operations, CONTACTS

    def contact(i: int) -> Awaitable[object]:
        body = {"name": f"Person {i}", "email": f"person{i}@example.com"}
        return c.send("POST", path, ops, json=body)

    return Listing(path + MARKETPLACE_PAGE, ops, contact, marketplace_total)


# UVdesk


def uvdesk_listing(path: str, c: Callers, add_row: AddRow) -> Listing:
    return Listing(path, c.admin, add_row, uvdesk_total)


async def raise_ticket(c: Callers, i: int) -> int:
    body = {
        "name": f"Customer {i}",
        "type": "807",
        "from": f"customer{i}@example.com",
        "reply": "The printer is on fire.",
        "subject": f"Ticket {i}",
    }
    return int((await c.uvdesk("/api/tickets.json", body))["id"])


async def tickets_listing(c: Callers) -> Listing:
    async def ticket(i: int) -> object:
        ticket_id = await raise_ticket(c, i)
        await c.uvdesk(f"/api/ticket/{ticket_id}/tags.json", {"name": f"tag{i}"})
        body = {"email": f"collaborator{i}@example.com"}
        return await c.uvdesk(f"/api/ticket/{ticket_id}/collaborator.json", body)

    return uvdesk_listing("/api/tickets.json", c, ticket)


async def threads_listing(c: Callers) -> Listing:
    path = f"/api/ticket/{await raise_ticket(c, 0)}/threads.json"
    return uvdesk_listing(
        path, c, lambda i: c.uvdesk(path, {"threadType": "reply", "reply": f"Reply {i}"})
    )


def a_customer(c: Callers, i: int) -> Awaitable[object]:
    body = {"firstName": f"Customer{i}", "lastName": "C", "email": f"customer{i}@example.com"}
    return c.uvdesk("/api/customers.json", body)


def a_member(c: Callers, i: int) -> Awaitable[object]:
    body = {**TEAM_MEMBER, "firstName": f"Agent{i}", "email": f"agent{i}@example.com"}
    return c.uvdesk("/api/members.json", body)


async def customers_listing(c: Callers) -> Listing:
    return uvdesk_listing("/api/customers.json", c, lambda i: a_customer(c, i))


async def members_listing(c: Callers) -> Listing:
    return uvdesk_listing("/api/members.json", c, lambda i: a_member(c, i))


async def members_full_list_listing(c: Callers) -> Listing:
    return Listing("/api/members.json?fullList", c.admin, lambda i: a_member(c, i), full_list)


async def groups_listing(c: Callers) -> Listing:
    return uvdesk_listing(
        "/api/groups.json", c, lambda i: c.uvdesk("/api/groups.json", {"name": f"Group {i}"})
    )


async def teams_listing(c: Callers) -> Listing:
    return uvdesk_listing(
        "/api/sub-groups.json",
        c,
        lambda i: c.uvdesk("/api/sub-groups.json", {"name": f"Team {i}", "groups": ["835"]}),
    )


def a_ticket_type(c: Callers, i: int) -> Awaitable[Any]:
    body = {"name": f"Type {i}", "description": "A type", "isActive": 1}
    return c.uvdesk("/api/ticket-types.json", body)


async def ticket_types_listing(c: Callers) -> Listing:
    return uvdesk_listing("/api/ticket-types.json", c, lambda i: a_ticket_type(c, i))


async def tags_listing(c: Callers) -> Listing:
    path = f"/api/ticket/{await raise_ticket(c, 0)}/tags.json"
    return uvdesk_listing("/api/tags.json", c, lambda i: c.uvdesk(path, {"name": f"tag{i}"}))


async def privileges_listing(c: Callers) -> Listing:
    def privilege(i: int) -> Awaitable[object]:
        body = {"name": f"Set {i}", "description": "", "privileges": ["ROLE_AGENT_ADD_NOTE"]}
        return c.uvdesk("/api/agent-privileges.json", body)

    return uvdesk_listing("/api/agent-privileges.json", c, privilege)


async def custom_fields_listing(c: Callers) -> Listing:
    async def field(i: int) -> object:
        type_id = (await a_ticket_type(c, i))["id"]
        body = {"name": f"Field {i}", "dependency": [str(type_id)]}
        return await c.uvdesk("/api/custom-fields.json", body)

    return Listing("/api/custom-fields.json", c.admin, field, items)


FILTER_LISTS = "group&usergroup&team&type&priority&status&tag&mailbox&agent&customer&source"


async def filters_listing(c: Callers) -> Listing:
    async def options(i: int) -> object:
        ticket_id = await raise_ticket(c, i)
        await c.uvdesk(f"/api/ticket/{ticket_id}/tags.json", {"name": f"tag{i}"})
        group = (await c.uvdesk("/api/groups.json", {"name": f"Group {i}"}))["id"]
        await c.uvdesk("/api/sub-groups.json", {"name": f"Team {i}", "groups": [str(group)]})
        await a_ticket_type(c, i)
        await a_mailbox(c, i)
        return await a_member(c, i)

    return Listing(f"/api/filters.json?{FILTER_LISTS}&userdata", c.admin, options, every_list)


async def quarantine_listing(c: Callers) -> Listing:
    async def mailbox(session: AsyncSession) -> int:
        found = Mailbox(name="Support", email="support@desk.example", mailbox_email="s@mail.test")
        session.add(found)
        await session.flush()
        return found.id

    inbound = f"/api/mailbox/{await in_transaction(c.app, mailbox)}/inbound.json"

    async def broken_message(i: int) -> object:
        raw = f"From: x{i}@a.example\nContent-Type: multipart/mixed; boundary=B\n\n--B\n\ncut"
        headers = {**bearer(c.admin), "Content-Type": "message/rfc822"}
        response = await c.http.post(inbound, content=raw.encode(), headers=headers)
        assert response.status_code == 200 and response.json()["outcome"] == "quarantined", (
            response.text
        )
        return response

    return uvdesk_listing("/api/mail/quarantine.json", c, broken_message)


def a_mailbox(c: Callers, i: int) -> Awaitable[Any]:
    body = {"name": f"Mailbox {i}", "email": f"support{i}@example.com", "smtpUrl": "smtp://mx"}
    return c.uvdesk("/api/mailboxes.json", body)


async def mailboxes_listing(c: Callers) -> Listing:
    return Listing("/api/mailboxes.json", c.admin, lambda i: a_mailbox(c, i), mailbox_rows)


def mailbox_rows(body: Any) -> int:
    return len(body["mailboxes"])


async def email_templates_listing(c: Callers) -> Listing:
    def template(i: int) -> Awaitable[object]:
        body = {"name": f"Template {i}", "subject": "Re: {%ticket.subject%}", "message": "Hi"}
        return c.uvdesk("/api/email-templates.json", body)

    # The default templates are listed too: search for the added ones alone.
    return Listing("/api/email-templates.json?search=Template", c.admin, template, items)


async def saved_replies_listing(c: Callers) -> Listing:
    agent = await support_token(c.app, SupportRole.AGENT, "replies@desk.example")

    async def reply(i: int) -> object:
        # Shared (an admin's) and own replies alternate, so both visibility rules are read.
        author = c.admin if i % 2 else agent
        body = {"name": f"Reply {i}", "message": "Thank you for your patience."}
        return await c.send("POST", "/api/saved-replys.json", author, json=body)

    return Listing("/api/saved-replys.json", agent, reply, items)


async def tasks_listing(c: Callers) -> Listing:
    """Each task on its own ticket, made from its opening reply and assigned to an agent of
    its own, so every row shows other people."""
    ticket = await raise_ticket(c, 0)

    async def task(i: int) -> object:
        token = await support_token(c.app, SupportRole.AGENT, f"tasker{i}@desk.example")
        agent = await c.send("GET", "/api/me.json", token)
        thread = await c.uvdesk(
            f"/api/ticket/{ticket}/threads.json", {"threadType": "reply", "reply": f"{i}"}
        )
        body = {
            "subject": f"Task {i}",
            "ticket": ticket,
            "threadIds": [thread["id"]],
            "assignedAgent": agent["id"],
            "deadline": "2030-01-01",
        }
        return await c.uvdesk("/api/tasks.json", body)

    return uvdesk_listing("/api/tasks.json", c, task)


# The knowledge base: every row carries what its list nests (categories, counts, tags).


async def kb_folder(c: Callers, i: int) -> str:
    folder = await c.uvdesk("/api/solutions.json", {"name": f"Folder {i}"})
    return str(folder["id"])


async def kb_category(c: Callers, i: int, folder: str) -> str:
    category = await c.uvdesk("/api/categories.json", {"solutionId": folder, "name": f"Cat {i}"})
    return str(category["id"])


async def kb_article(c: Callers, i: int, category: str) -> str:
    body = {"categoryId": category, "name": f"Article {i}", "content": "<p>How to</p>"}
    article = await c.uvdesk("/api/articles.json", body)
    await c.uvdesk(f"/api/article/{article['id']}/tags.json", {"name": f"tag{i}"})
    return str(article["id"])


async def kb_folders_listing(c: Callers) -> Listing:
    async def row(i: int) -> object:
        return await kb_article(c, i, await kb_category(c, i, await kb_folder(c, i)))

    return uvdesk_listing("/api/solutions.json", c, row)


async def kb_categories_listing(c: Callers) -> Listing:
    folder = await kb_folder(c, 0)

    async def row(i: int) -> object:
        return await kb_article(c, i, await kb_category(c, i, folder))

    return uvdesk_listing("/api/categories.json", c, row)


async def kb_articles_listing(c: Callers, query: str = "") -> Listing:
    category = await kb_category(c, 0, await kb_folder(c, 0))
    return uvdesk_listing(f"/api/articles.json{query}", c, lambda i: kb_article(c, i, category))


async def kb_articles_search_listing(c: Callers) -> Listing:
    return await kb_articles_listing(c, "?search=how")


def prepared_response(i: int) -> dict[str, Any]:
    return {"name": f"Prepared {i}", "type": 0, "actions": [{"type": "tag", "value": f"t{i}"}]}


async def workflows_listing(c: Callers) -> Listing:
    def workflow(i: int) -> Awaitable[object]:
        return c.uvdesk("/api/workflows.json", prepared_response(i))

    # The default (automatic) workflows are listed too: list the manual ones alone.
    return Listing("/api/workflows.json?type=0", c.admin, workflow, every_list)


async def workflow_runs_listing(c: Callers) -> Listing:
    ticket_id = await raise_ticket(c, 0)

    async def run(i: int) -> object:
        workflow = await c.uvdesk("/api/workflows.json", prepared_response(i))
        return await c.uvdesk(f"/api/ticket/{ticket_id}/workflow/{workflow['id']}.json", {})

    return uvdesk_listing(f"/api/ticket/{ticket_id}/workflow-runs.json", c, run)
