"""Every list endpoint of both dialects costs a fixed number of SQL statements.

Each row of ``PINS`` is read once holding one row and again holding twenty: both reads must
run exactly the pinned number of statements (authentication included), so no list loads
anything per row. A change to a pin is a deliberate change to a list's cost.

The counts are a warm worker's: each measured read follows an identical one, so reference
data the process memo keeps (``HELPDESK_PROCESS_MEMO_SECONDS``, long here so that a slow
machine cannot make it lapse between the two) is not read again.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event
from sqlalchemy.engine import Connection

from helpdesk.core.settings import Settings
from tests.api import list_rows
from tests.api.list_rows import Callers, Listing, make_callers
from tests.conftest import bearer

pytestmark = pytest.mark.anyio

MORE_ROWS = 19


@pytest.fixture
def settings(settings: Settings) -> Settings:
    return settings.model_copy(update={"process_memo_seconds": 3600})


@dataclass(frozen=True, slots=True)
class Pin:
    route: str
    listing: Callable[[Callers], Awaitable[Listing]]
    queries: int


PINS = [
    # Marketplace
    Pin("GET /public/v1/helpdesk/queues", list_rows.queues_listing, 4),
    Pin("GET /public/v1/helpdesk/cases", list_rows.cases_listing, 4),
    Pin("GET /public/v1/helpdesk/chats", list_rows.chats_listing, 3),
    Pin("GET /public/v1/helpdesk/chats/{id}/participants", list_rows.participants_listing, 5),
    Pin("GET /public/v1/helpdesk/chats/{id}/messages", list_rows.messages_listing, 4),
    Pin("GET /public/v1/helpdesk/chats/{id}/attachments", list_rows.attachments_listing, 4),
    Pin("GET /public/v1/helpdesk/chats/{id}/links", list_rows.links_listing, 4),
    Pin("GET /public/v1/helpdesk/chats/{id}/answers", list_rows.answers_listing, 6),
    Pin("GET /public/v1/helpdesk/channels", list_rows.channels_listing, 3),
    Pin("GET /public/v1/helpdesk/channels/{id}/messages", list_rows.channel_messages_listing, 4),
    Pin("GET /public/v1/helpdesk/feedback", list_rows.feedback_listing, 4),
    Pin(
        "GET /public/v1/helpdesk/feedback/{id}/attachments",
        list_rows.feedback_attachments_listing,
        7,
    ),
    Pin("GET /public/v1/helpdesk/forms", list_rows.forms_listing, 5),
    Pin("GET /public/v1/helpdesk/parameters", list_rows.parameters_listing, 6),
    Pin("GET /public/v1/helpdesk/parameter-groups", list_rows.parameter_groups_listing, 4),
    Pin(
        "GET /public/v1/helpdesk/parameter-groups/{id}/parameters",
        list_rows.group_parameters_listing,
        7,
    ),
    Pin("GET /public/v1/notifications/contacts", list_rows.contacts_listing, 3),
    # UVdesk
    Pin("GET /api/tickets.json", list_rows.tickets_listing, 13),
    # Authors carry their role instances and privilege sets under ``detail`` (issue 9):
    # two statements for the whole page, whatever the authors.
    Pin("GET /api/ticket/{id}/threads.json", list_rows.threads_listing, 11),
    Pin("GET /api/customers.json", list_rows.customers_listing, 6),
    Pin("GET /api/members.json", list_rows.members_listing, 5),
    Pin("GET /api/members.json?fullList", list_rows.members_full_list_listing, 5),
    Pin("GET /api/groups.json", list_rows.groups_listing, 5),
    Pin("GET /api/sub-groups.json", list_rows.teams_listing, 6),
    Pin("GET /api/ticket-types.json", list_rows.ticket_types_listing, 3),
    Pin("GET /api/tags.json", list_rows.tags_listing, 4),
    Pin("GET /api/agent-privileges.json", list_rows.privileges_listing, 3),
    Pin("GET /api/custom-fields.json", list_rows.custom_fields_listing, 3),
    Pin("GET /api/filters.json", list_rows.filters_listing, 5),
    Pin("GET /api/mail/quarantine.json", list_rows.quarantine_listing, 3),
    Pin("GET /api/mailboxes.json", list_rows.mailboxes_listing, 2),
    Pin("GET /api/email-templates.json", list_rows.email_templates_listing, 2),
    Pin("GET /api/saved-replys.json", list_rows.saved_replies_listing, 2),
    Pin("GET /api/tasks.json", list_rows.tasks_listing, 5),
    # Folders nest their categories and count articles: two statements for the page.
    Pin("GET /api/solutions.json", list_rows.kb_folders_listing, 5),
    Pin("GET /api/categories.json", list_rows.kb_categories_listing, 4),
    # Articles: their category joined, their tags in one statement, the company timezone.
    Pin("GET /api/articles.json", list_rows.kb_articles_listing, 4),
    Pin("GET /api/articles.json?search", list_rows.kb_articles_search_listing, 4),
    Pin("GET /api/workflows.json", list_rows.workflows_listing, 2),
    Pin("GET /api/ticket/{id}/workflow-runs.json", list_rows.workflow_runs_listing, 8),
]


@dataclass(frozen=True, slots=True)
class Reading:
    statements: list[str]
    rows: int

    @property
    def cost(self) -> int:
        return len(self.statements)


async def read(client: httpx.AsyncClient, app: FastAPI, listing: Listing) -> Reading:
    statements: list[str] = []

    def record(conn: Connection, cursor: Any, statement: str, *args: Any) -> None:
        statements.append(statement)

    engine = app.state.runtime.engine.sync_engine
    warm = await client.get(listing.path, headers=bearer(listing.token))
    assert warm.status_code == 200, warm.text
    event.listen(engine, "before_cursor_execute", record)
    try:
        response = await client.get(listing.path, headers=bearer(listing.token))
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert response.status_code == 200, response.text
    return Reading(statements, listing.rows(response.json()))


@pytest.mark.parametrize("pin", PINS, ids=[pin.route for pin in PINS])
async def test_a_list_costs_the_same_statements_for_one_row_and_for_twenty(
    pin: Pin, client: httpx.AsyncClient, app: FastAPI
) -> None:
    listing = await pin.listing(await make_callers(client, app))
    await listing.add_row(0)
    one = await read(client, app, listing)
    for index in range(1, 1 + MORE_ROWS):
        await listing.add_row(index)
    twenty = await read(client, app, listing)
    assert twenty.rows > one.rows
    # On failure, the statements of the twenty-row read show what was added.
    assert (one.cost, twenty.cost) == (pin.queries, pin.queries), "\n".join(twenty.statements)
