"""A seeded helpdesk served on a loopback port, with real tokens, for the fuzzer to explore.

The world is built once per database for the whole fuzz module: tokens minted through the
identity service (as ``helpdesk token create`` does), then a few objects of every kind made
through the API itself, so that small generated ids (1, 2, 3...) reach real rows.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import uvicorn
from pydantic import SecretStr

from helpdesk.app import create_app
from helpdesk.core.settings import Settings
from helpdesk.domain.identity.models import AccountType, SupportRole
from tests.documented_responses import DocumentedResponses
from tests.factories import marketplace_token, uvdesk_token

MARKETPLACE = "/public/v1/helpdesk"


@dataclass(frozen=True, slots=True)
class World:
    backend: str
    base_url: str
    uvdesk_admin: str
    operations: str
    client: str

    def token_for(self, path: str) -> str:
        return self.operations if path.startswith("/public/") else self.uvdesk_admin


async def _mint(settings: Settings) -> tuple[str, str, str]:
    app = create_app(settings)
    try:
        admin = await uvdesk_token(app, SupportRole.ADMIN, "admin@desk.test")
        operations = await marketplace_token(app, AccountType.OPERATIONS, "Ops", "ops@ops.test")
        client = await marketplace_token(app, AccountType.CLIENT, "Client One", "ann@one.test")
    finally:
        await app.state.runtime.dispose()
    return admin, operations, client


def fuzz_settings(database_url: str, directory: Path) -> Settings:
    return Settings(
        database_url=database_url,
        storage_dir=directory / "files",
        upload_max_bytes=256 * 1024,
        secret_key=SecretStr("fuzz-secret-key"),
        migrate_on_start=False,
        # One token sends thousands of requests a minute here; the limit has its own tests.
        rate_limit_per_minute=0,
    )


@contextmanager
def served(settings: Settings) -> Iterator[str]:
    server = uvicorn.Server(
        uvicorn.Config(
            DocumentedResponses(create_app(settings)),
            host="127.0.0.1",
            port=0,
            log_config=None,
            access_log=False,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("fuzz server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextmanager
def seeded_world(settings: Settings, backend: str) -> Iterator[World]:
    admin, operations, client = asyncio.run(_mint(settings))
    with served(settings) as base_url:
        world = World(backend, base_url, admin, operations, client)
        with httpx.Client(base_url=base_url, timeout=60) as http:
            _seed(http, world)
        yield world


def _ok(response: httpx.Response) -> dict[str, object]:
    assert response.is_success, (response.request.method, response.request.url, response.text)
    body: dict[str, object] = response.json() if response.content else {}
    return body


def _seed(http: httpx.Client, world: World) -> None:
    uv = {"Authorization": f"Bearer {world.uvdesk_admin}"}
    ops = {"Authorization": f"Bearer {world.operations}"}
    client = {"Authorization": f"Bearer {world.client}"}
    for number in range(3):
        ticket = _ok(
            http.post(
                "/api/tickets.json",
                headers=uv,
                json={
                    "name": f"Customer {number}",
                    "from": f"customer{number}@example.com",
                    "subject": f"Printer {number} is on fire",
                    "reply": "<p>It <b>smokes</b>.</p>",
                },
            )
        )
        ticket_id = ticket["ticketId"]
        _ok(
            http.post(
                f"/api/ticket/{ticket_id}/threads.json",
                headers=uv,
                json={"threadType": "reply", "reply": "<p>On it.</p>"},
            )
        )
        _ok(
            http.post(f"/api/ticket/{ticket_id}/tags.json", headers=uv, json={"name": f"t{number}"})
        )
    _ok(
        http.post(
            "/api/customers.json", headers=uv, json={"email": "c@example.com", "firstName": "C"}
        )
    )
    _ok(http.post("/api/groups.json", headers=uv, json={"name": "Hardware"}))
    _ok(http.post("/api/sub-groups.json", headers=uv, json={"name": "Printers"}))
    _ok(http.post("/api/ticket-types.json", headers=uv, json={"name": "Incident"}))
    _ok(http.post("/api/labels.json", headers=uv, json={"name": "Urgent", "color": "#f00"}))
    _ok(
        http.post("/api/saved-replys.json", headers=uv, json={"name": "Hi", "message": "<p>Hi</p>"})
    )
    _ok(
        http.post(
            "/api/email-templates.json",
            headers=uv,
            json={"name": "Ack", "subject": "Got it", "message": "<p>Thanks</p>"},
        )
    )
    _ok(http.post("/api/agent-privileges.json", headers=uv, json={"name": "All", "privileges": []}))
    _ok(http.post(f"{MARKETPLACE}/queues", headers=ops, json={"name": "Support"}))
    body = {"type": "Group", "name": "Notes", "lastMessage": {"content": "Hello"}}
    _ok(http.post(f"{MARKETPLACE}/chats", headers=client, json=body))
