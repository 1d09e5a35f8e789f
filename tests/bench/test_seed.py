"""bench/seed.py: a seeded database is one the app reads and goes on writing as if it had
written every row itself.

The seeder runs once per backend, as the benchmark runner runs it (the script, with
``--verify``); each test gets a copy of that database, and the app's HTTP routes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from helpdesk.core.settings import Settings
from helpdesk.domain.tickets import search
from tests.conftest import bearer
from tests.databases import backends, copy_of
from tests.factories import in_transaction

ROOT = Path(__file__).resolve().parents[2]
TICKETS, CASES = 200, 20


@dataclass(frozen=True, slots=True)
class Seeded:
    url: str
    manifest: dict[str, Any]


@pytest.fixture(scope="module", params=backends())
def seeded(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Seeded]:
    """A database filled by ``bench/seed.py`` (which verified it through the app)."""
    template = request.getfixturevalue(f"{request.param}_template")
    directory = tmp_path_factory.mktemp("seeded")
    manifest = directory / "manifest.json"
    with template.fresh(directory) as url:
        environment = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")]),
        }
        subprocess.run(  # noqa: S603  (our own script, with arguments we chose)
            [
                sys.executable, "bench/seed.py", "--database-url", url,
                "--tickets", str(TICKETS), "--cases", str(CASES), "--customers", "50",
                "--manifest", str(manifest), "--verify", "--quiet",
            ],
            cwd=ROOT, env=environment, check=True, timeout=600,
        )  # fmt: skip
        yield Seeded(url, json.loads(manifest.read_text()))


@pytest.fixture
def database_url(seeded: Seeded, tmp_path: Path) -> Iterator[str]:
    """This module's tests run on a copy of the seeded database."""
    with copy_of(seeded.url, tmp_path) as url:
        yield url


@pytest.fixture
def manifest(seeded: Seeded) -> dict[str, Any]:
    return seeded.manifest


def admin(manifest: dict[str, Any]) -> dict[str, str]:
    return bearer(manifest["tokens"]["uvdesk_admin"])


def client_of(manifest: dict[str, Any]) -> dict[str, str]:
    return bearer(manifest["tokens"]["marketplace_client"])


def test_the_manifest_counts_what_was_asked_for(manifest: dict[str, Any]) -> None:
    assert manifest["counts"] == {
        "tickets": TICKETS,
        "threads": TICKETS + TICKETS // 4,
        "customers": 50,
        "agents": 8,
        "cases": CASES,
        "chats": CASES,
        "chat_participants": 2 * CASES,
        "messages": 3 * CASES,
    }
    assert manifest["tickets"]["increment_ids"] == {"first": 1, "last": TICKETS}
    assert len(manifest["cases"]["ids"]) == len(manifest["cases"]["chat_ids"]) == CASES
    assert manifest["verified"]


@pytest.mark.anyio
async def test_the_ticket_list_counts_every_seeded_ticket_by_status(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    response = await client.get("/en/api/tickets.json", headers=admin(manifest))
    assert response.status_code == 200
    body = response.json()
    tickets = manifest["tickets"]
    assert body["pagination"]["totalCount"] == tickets["untrashed"]
    tabs = {status: int(count) for status, count in body["tabs"].items() if int(count)}
    assert tabs == tickets["untrashed_by_status"]
    assert body["labels"]["predefind"]["trashed"] == str(tickets["trashed"])


@pytest.mark.anyio
async def test_a_filtered_list_pages_through_one_status(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    wanted = manifest["status_filter"]
    response = await client.get(
        "/en/api/tickets.json",
        params={"status": wanted["status"], "sort": "t.updatedAt", "direction": "desc"},
        headers=admin(manifest),
    )
    assert response.status_code == 200
    body = response.json()
    assert body["pagination"]["totalCount"] == wanted["count"]
    assert {ticket["status"]["id"] for ticket in body["tickets"]} == {wanted["status"]}


@pytest.mark.anyio
async def test_a_seeded_ticket_shows_its_opening_thread_and_its_reply(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    number = manifest["tickets"]["replied_increment_id"]
    view = await client.get(f"/en/api/ticket/{number}.json", headers=admin(manifest))
    assert view.status_code == 200
    ticket = view.json()["ticket"]
    assert view.json()["ticketTotalThreads"] == "1"
    assert view.json()["createThread"]["userType"] == "customer"
    threads = await client.get(
        f"/en/api/ticket/{ticket['id']}/threads.json", headers=admin(manifest)
    )
    assert threads.status_code == 200
    kinds = [(thread["threadType"], thread["userType"]) for thread in threads.json()["threads"]]
    assert kinds == [("create", "customer"), ("reply", "agent")]


@pytest.mark.anyio
async def test_full_text_search_finds_the_seeded_printer_tickets(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    term = manifest["search"]["term"]
    response = await client.get(
        "/en/api/tickets.json", params={"search": term}, headers=admin(manifest)
    )
    assert response.status_code == 200
    body = response.json()
    assert body["pagination"]["totalCount"] == manifest["search"]["count"] > 0
    number = term.split()[1]
    assert all(number in ticket["subject"] for ticket in body["tickets"])


@pytest.mark.anyio
async def test_a_seeded_ticket_is_indexed_as_the_app_indexes_it(
    app: Any, manifest: dict[str, Any]
) -> None:
    ticket_id = manifest["tickets"]["ids"]["first"] + 3  # a ticket with a reply

    async def document(session: AsyncSession) -> list[Any]:
        if session.get_bind().dialect.name == "postgresql":
            found = text(
                "SELECT ticket_id, document::text FROM ticket_search WHERE ticket_id = :id"
            )
        else:
            found = text(
                "SELECT rowid, body FROM ticket_search WHERE abs(rowid) = :id ORDER BY rowid"
            )
        return [tuple(row) for row in await session.execute(found, {"id": ticket_id})]

    async def reindex(session: AsyncSession) -> None:
        await search.index_ticket(session, ticket_id)

    seeded = await in_transaction(app, document)
    await in_transaction(app, reindex)
    assert len(seeded) in {1, 2}
    assert seeded == await in_transaction(app, document)


@pytest.mark.anyio
async def test_a_new_ticket_takes_the_next_number(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    response = await client.post(
        "/en/api/tickets.json",
        json={"subject": "New after seeding", "reply": "<p>Hello</p>", "from": "new@example.com"},
        headers=admin(manifest),
    )
    assert response.status_code == 200
    assert response.json()["incrementId"] == manifest["tickets"]["increment_ids"]["last"] + 1
    assert response.json()["ticketId"] == manifest["tickets"]["ids"]["last"] + 1


@pytest.mark.anyio
async def test_the_ticket_tallies_count_the_seeded_tickets_and_the_next_one(
    client: httpx.AsyncClient, app: FastAPI, manifest: dict[str, Any]
) -> None:
    """The tallies match the tickets, and go on counting (the trigger the PostgreSQL
    seeder turns off during the load is back on)."""
    response = await client.post(
        "/en/api/tickets.json",
        json={"subject": "Counted", "reply": "<p>Hello</p>", "from": "counted@example.com"},
        headers=admin(manifest),
    )
    assert response.status_code == 200
    facets = "status_id, is_trashed, is_new, is_replied, is_starred, coalesce(agent_id, 0)"
    tallied = await in_transaction(
        app,
        lambda session: _rows(
            session,
            "SELECT status_id, is_trashed, is_new, is_replied, is_starred, agent_key, tickets "
            "FROM ticket_tallies WHERE tickets > 0",
        ),
    )
    counted = await in_transaction(
        app,
        lambda session: _rows(session, f"SELECT {facets}, count(*) FROM tickets GROUP BY {facets}"),  # noqa: S608
    )
    assert tallied == counted
    assert sum(row[-1] for row in counted) == manifest["counts"]["tickets"] + 1


async def _rows(session: AsyncSession, sql: str) -> list[tuple[Any, ...]]:
    return sorted(tuple(row) for row in (await session.execute(text(sql))).all())


@pytest.mark.anyio
async def test_an_agent_replies_on_a_seeded_ticket(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    ticket_id = manifest["tickets"]["ids"]["last"]
    reply = await client.post(
        f"/en/api/ticket/{ticket_id}/threads.json",
        json={"threadType": "reply", "reply": "<p>We are on it.</p>"},
        headers=admin(manifest),
    )
    assert reply.status_code == 200
    threads = await client.get(f"/en/api/ticket/{ticket_id}/threads.json", headers=admin(manifest))
    assert threads.json()["threads"][-1]["id"] == reply.json()["id"]


@pytest.mark.anyio
async def test_seeded_cases_filter_by_status_with_rql(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    for status, count in manifest["cases"]["by_status"].items():
        response = await client.get(
            f"/public/v1/helpdesk/cases?eq(status,{status})&limit=25", headers=client_of(manifest)
        )
        assert response.status_code == 200
        assert response.json()["$meta"]["pagination"]["total"] == count


@pytest.mark.anyio
async def test_the_client_posts_into_a_seeded_chat(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    chat = manifest["cases"]["chat_ids"][-1]
    posted = await client.post(
        f"/public/v1/helpdesk/chats/{chat}/messages",
        json={"content": "Any news?", "visibility": "Public"},
        headers=client_of(manifest),
    )
    assert posted.status_code == 201
    messages = await client.get(
        f"/public/v1/helpdesk/chats/{chat}/messages", headers=client_of(manifest)
    )
    assert [message["id"] for message in messages.json()["data"]][-1] == posted.json()["id"]
    assert messages.json()["$meta"]["pagination"]["total"] == 4
    chat_view = await client.get(f"/public/v1/helpdesk/chats/{chat}", headers=client_of(manifest))
    assert chat_view.json()["lastMessage"]["id"] == posted.json()["id"]


@pytest.mark.anyio
async def test_the_client_files_a_new_case_in_the_seeded_queue(
    client: httpx.AsyncClient, manifest: dict[str, Any]
) -> None:
    response = await client.post(
        "/public/v1/helpdesk/cases",
        json={
            "queue": {"id": manifest["cases"]["queue_id"]},
            "chat": {"lastMessage": {"content": "One more thing"}},
        },
        headers=client_of(manifest),
    )
    assert response.status_code == 201
    assert response.json()["id"] not in manifest["cases"]["ids"]


def test_tokens_minted_with_the_cli_act_as_the_seeded_users(
    cli_environment: Settings, live_server: str, manifest: dict[str, Any]
) -> None:
    accounts = manifest["accounts"]
    runner = CliRunner()
    minted = runner.invoke(
        cli,
        [
            "token", "create", "--account-type", "client",
            "--account-name", accounts["marketplace_client"]["account_name"],
            "--email", accounts["marketplace_client"]["email"],
        ],
    )  # fmt: skip
    assert minted.exit_code == 0, minted.output
    cases = httpx.get(
        f"{live_server}/public/v1/helpdesk/cases?limit=1", headers=bearer(minted.stdout.strip())
    )
    assert cases.json()["$meta"]["pagination"]["total"] == manifest["counts"]["cases"]
    minted = runner.invoke(
        cli,
        ["token", "create", "--uvdesk-role", "admin", "--email", accounts["uvdesk_admin"]["email"]],
    )
    assert minted.exit_code == 0, minted.output
    tickets = httpx.get(f"{live_server}/en/api/tickets.json", headers=bearer(minted.stdout.strip()))
    assert tickets.json()["pagination"]["totalCount"] == manifest["tickets"]["untrashed"]
