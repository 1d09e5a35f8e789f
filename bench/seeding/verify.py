"""The app's own reads against a seeded database, in-process (httpx over ASGI): each must
answer 200 with the figures the manifest promises."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import httpx
from pydantic import SecretStr

from helpdesk.app import create_app
from helpdesk.core.settings import Settings

STATUS_TABS = range(1, 7)


class VerificationFailed(SystemExit):
    pass


def settings_for(database_url: str, secret_key: str, storage_dir: Path) -> Settings:
    return Settings(
        database_url=database_url,
        secret_key=SecretStr(secret_key),
        storage_dir=storage_dir,
        migrate_on_start=False,
        rate_limit_per_minute=0,
    )


async def verify(database_url: str, manifest: dict[str, Any], secret_key: str) -> dict[str, int]:
    """Read the seeded data back through the app; answer the figures checked."""
    with tempfile.TemporaryDirectory(prefix="helpdesk-verify-") as storage:
        app = create_app(settings_for(database_url, secret_key, Path(storage)))
        try:
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://seed.test") as http:
                return await _reads(http, manifest)
        finally:
            await app.state.runtime.dispose()


def _expect(answer: httpx.Response, what: str, check: Any) -> Any:
    """The answer's JSON body, if it is a 200 that passes ``check``."""
    body = answer.json() if answer.status_code == 200 else None
    if body is None or not check(body):
        raise VerificationFailed(
            f"verify: {what} failed: HTTP {answer.status_code} {answer.text[:300]}"
        )
    return body


async def _reads(http: httpx.AsyncClient, manifest: dict[str, Any]) -> dict[str, int]:
    admin = {"Authorization": f"Bearer {manifest['tokens']['uvdesk_admin']}"}
    client = {"Authorization": f"Bearer {manifest['tokens']['marketplace_client']}"}
    tickets, search, cases = manifest["tickets"], manifest["search"], manifest["cases"]
    number = tickets["replied_increment_id"]
    _expect(
        await http.get(f"/en/api/ticket/{number}.json", headers=admin),
        f"view ticket {number}",
        lambda body: body["ticket"]["incrementId"] == number and body["ticketTotalThreads"] == "1",
    )
    expected_tabs = {str(s): tickets["untrashed_by_status"].get(str(s), 0) for s in STATUS_TABS}
    _expect(
        await http.get("/en/api/tickets.json", headers=admin),
        "list the first page of tickets",
        lambda body: (
            body["pagination"]["totalCount"] == tickets["untrashed"]
            and len(body["tickets"]) == min(15, tickets["untrashed"])
            and {status: int(count) for status, count in body["tabs"].items()} == expected_tabs
        ),
    )
    _expect(
        await http.get("/en/api/tickets.json", params={"search": search["term"]}, headers=admin),
        f"search {search['term']!r}",
        lambda body: body["pagination"]["totalCount"] == search["count"],
    )
    status = cases["rql_status"]
    _expect(
        await http.get(f"/public/v1/helpdesk/cases?eq(status,{status})&limit=25", headers=client),
        f"list cases with eq(status,{status})",
        lambda body: body["$meta"]["pagination"]["total"] == cases["by_status"].get(status, 0),
    )
    for chat in cases["chat_ids"][:1]:
        _expect(
            await http.get(f"/public/v1/helpdesk/chats/{chat}/messages", headers=client),
            f"list the messages of chat {chat}",
            lambda body: body["$meta"]["pagination"]["total"] == cases["messages_per_chat"],
        )
    return {"tickets_listed": tickets["untrashed"], "search_matches": search["count"]}
