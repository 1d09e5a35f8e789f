"""What the suite measures: one entry per wrk script in bench/wrk/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

WRK_DIR = Path(__file__).resolve().parent / "wrk"


@dataclass(frozen=True, slots=True)
class Scenario:
    name: str
    title: str
    route: str
    script: str
    kind: str  # "floor", "read" or "write"
    face: str  # whose token it sends: "uvdesk", "marketplace" or "none"
    ids: str | None = None  # which id list it picks from: "tickets", "increments", "chats"
    expect: int = 200

    @property
    def path(self) -> Path:
        return WRK_DIR / self.script


HEALTHZ = Scenario("healthz", "floor: /healthz", "GET /healthz", "healthz.lua", "floor", "none")
FLOOR_PK = Scenario(
    "floor_pk",
    "floor: bare ASGI PK read",
    "GET /ticket/{id} (bench/floor_app.py)",
    "floor_pk.lua",
    "floor",
    "none",
    ids="tickets",
)
VIEW_TICKET = Scenario(
    "view_ticket",
    "view ticket",
    "GET /en/api/ticket/{incrementId}.json",
    "uv_view_ticket.lua",
    "read",
    "uvdesk",
    ids="increments",
)
LIST_TICKETS = Scenario(
    "list_tickets",
    "list first page",
    "GET /en/api/tickets.json",
    "uv_list_tickets.lua",
    "read",
    "uvdesk",
)
LIST_FILTERED = Scenario(
    "list_filtered",
    "list filtered+sorted",
    "GET /en/api/tickets.json?status=S&sort=t.updatedAt&direction=desc",
    "uv_list_filtered.lua",
    "read",
    "uvdesk",
)
SEARCH = Scenario(
    "search",
    "full-text search",
    "GET /en/api/tickets.json?search=TERM",
    "uv_search.lua",
    "read",
    "uvdesk",
)
LIST_CASES = Scenario(
    "list_cases",
    "list cases (RQL)",
    "GET /public/v1/helpdesk/cases?eq(status,S)&limit=25",
    "mp_list_cases.lua",
    "read",
    "marketplace",
)
LIST_MESSAGES = Scenario(
    "list_messages",
    "list chat messages",
    "GET /public/v1/helpdesk/chats/{id}/messages",
    "mp_list_messages.lua",
    "read",
    "marketplace",
    ids="chats",
)
CREATE_TICKET = Scenario(
    "create_ticket",
    "create ticket",
    "POST /en/api/tickets.json",
    "uv_create_ticket.lua",
    "write",
    "uvdesk",
)
ADD_REPLY = Scenario(
    "add_reply",
    "add reply",
    "POST /en/api/ticket/{id}/threads.json",
    "uv_add_reply.lua",
    "write",
    "uvdesk",
    ids="tickets",
)
CREATE_CASE = Scenario(
    "create_case",
    "create case",
    "POST /public/v1/helpdesk/cases",
    "mp_create_case.lua",
    "write",
    "marketplace",
    expect=201,
)
POST_MESSAGE = Scenario(
    "post_message",
    "post chat message",
    "POST /public/v1/helpdesk/chats/{id}/messages",
    "mp_post_message.lua",
    "write",
    "marketplace",
    ids="chats",
    expect=201,
)

# In the order they run against the served app: the floor, the reads (before any write
# grows the tables), then the writes.
SERVED = (
    HEALTHZ,
    VIEW_TICKET,
    LIST_TICKETS,
    LIST_FILTERED,
    SEARCH,
    LIST_CASES,
    LIST_MESSAGES,
    CREATE_TICKET,
    ADD_REPLY,
    CREATE_CASE,
    POST_MESSAGE,
)
ALL = (*SERVED, FLOOR_PK)
BY_NAME = {scenario.name: scenario for scenario in ALL}

# The peer harness's scenarios and ours that do the same thing.
PEER_TITLES = {
    "create": "create ticket",
    "followup": "add follow-up",
    "list": "list first page",
    "get": "view ticket",
}
