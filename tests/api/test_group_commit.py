"""Group commit: on SQLite the concurrent writes of a process share one durable commit,
and each request stays atomic on its own.

To make a group for sure, the test takes the process's write turn itself and lets it go
only once every request it starts waits for the turn: they then all work in the group the
test opened, one after another in arrival order. On PostgreSQL each request has a
transaction of its own (the server already flushes concurrent commits together); the
per-request guarantees are checked there too.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Connection

from helpdesk.api.common.session import DbSession
from helpdesk.core.group_commit import CommitFailed
from helpdesk.core.settings import Settings
from helpdesk.domain.identity.contacts import NewContact, create_contact
from helpdesk.domain.identity.models import Contact, User
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.unit_of_work import Runtime, unit_of_work
from helpdesk.domain.tickets.models import Ticket
from tests.api.uvdesk.helpers import admin_token
from tests.conftest import bearer

pytestmark = pytest.mark.anyio

UNKNOWN_TYPE = 999_999


@pytest.fixture
def settings(settings: Settings) -> Settings:
    """Groups bounded by size only, so that a group's age never splits it in a slow run."""
    return settings.model_copy(update={"write_group_max_ms": 600_000.0})


@pytest.fixture
def runtime(app: FastAPI) -> Runtime:
    found: Runtime = app.state.runtime
    return found


def on_sqlite(runtime: Runtime) -> bool:
    return runtime.group_commit is not None


async def until(condition: Callable[[], bool], what: str) -> None:
    for _ in range(3000):
        if condition():
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"gave up waiting until {what}")


async def in_one_group(runtime: Runtime, writes: list[Awaitable[Any]]) -> list[Any]:
    """Run ``writes`` (each one writing unit of work, such as a write request) in one commit
    group, in the order given: the test holds the write turn until each waits behind it.
    Returns their results, or the exceptions they raised."""
    gate = runtime.group_commit
    if gate is None:  # PostgreSQL: no turns to take; the writes simply run concurrently
        return await asyncio.gather(*writes, return_exceptions=True)
    tasks: list[asyncio.Future[Any]] = []
    with contextlib.suppress(CommitFailed):  # the test's own (empty) unit fails with its group
        async with runtime.unit_of_work():
            for write in writes:
                tasks.append(asyncio.ensure_future(write))
                await until(
                    lambda queued=len(tasks): gate.waiting == queued,  # type: ignore[misc]
                    f"{len(tasks)} writers wait for the turn",
                )
    return await asyncio.gather(*tasks, return_exceptions=True)


@contextmanager
def counted_commits(runtime: Runtime) -> Iterator[list[None]]:
    """Every COMMIT the app's engine makes while the block runs."""
    commits: list[None] = []

    def record(_connection: Connection) -> None:
        commits.append(None)

    engine = runtime.engine.sync_engine
    event.listen(engine, "commit", record)
    try:
        yield commits
    finally:
        event.remove(engine, "commit", record)


def new_ticket(client: httpx.AsyncClient, token: str, index: int, **extra: Any) -> Any:
    body = {
        "from": f"customer{index}@example.com",
        "name": f"Customer {index}",
        "subject": f"group {index}",
        "reply": "It does not print.",
        **extra,
    }
    return client.post("/api/tickets.json", json=body, headers=bearer(token))


async def count(runtime: Runtime, statement: Any) -> int:
    """Read from a connection of its own: only what was committed."""
    async with runtime.engine.connect() as connection:
        found: int = (await connection.execute(statement)).scalar_one()
    return found


async def tickets_with_subjects(runtime: Runtime, *subjects: str) -> int:
    return await count(
        runtime, select(func.count()).select_from(Ticket).where(Ticket.subject.in_(subjects))
    )


async def users_with_email(runtime: Runtime, email: str) -> int:
    return await count(runtime, select(func.count()).select_from(User).where(User.email == email))


async def test_concurrent_writes_share_one_commit(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime
) -> None:
    if not on_sqlite(runtime):
        pytest.skip("PostgreSQL: each request commits on its own (next test)")
    token = await admin_token(app)
    with counted_commits(runtime) as commits:
        responses = await in_one_group(runtime, [new_ticket(client, token, i) for i in range(8)])
    assert [r.status_code for r in responses] == [200] * 8
    assert len(commits) == 1
    assert await tickets_with_subjects(runtime, *(f"group {i}" for i in range(8))) == 8


async def test_on_postgresql_each_write_commits_on_its_own(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime
) -> None:
    if on_sqlite(runtime):
        pytest.skip("SQLite: concurrent writes share a commit (previous test)")
    token = await admin_token(app)
    with counted_commits(runtime) as commits:
        responses = await asyncio.gather(*(new_ticket(client, token, i) for i in range(8)))
    assert [r.status_code for r in responses] == [200] * 8
    assert len(commits) >= 8
    assert await tickets_with_subjects(runtime, *(f"group {i}" for i in range(8))) == 8


async def test_a_request_that_wrote_and_then_failed_keeps_nothing_and_the_others_keep_theirs(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime
) -> None:
    """The refused request first creates its new customer (user and contact rows, flushed
    into its savepoint) and only then finds the ticket type unknown."""
    token = await admin_token(app)
    refused = new_ticket(client, token, 99, type=UNKNOWN_TYPE)
    writes = [new_ticket(client, token, i) for i in range(3)]
    writes += [refused, *(new_ticket(client, token, i) for i in range(3, 6))]
    with counted_commits(runtime) as commits:
        responses = await in_one_group(runtime, writes)
    assert [r.status_code for r in responses] == [200, 200, 200, 400, 200, 200, 200]
    assert await tickets_with_subjects(runtime, *(f"group {i}" for i in range(6))) == 6
    assert await users_with_email(runtime, "customer5@example.com") == 1
    assert await users_with_email(runtime, "customer99@example.com") == 0
    assert await tickets_with_subjects(runtime, "group 99") == 0
    if on_sqlite(runtime):
        assert len(commits) == 1  # the refused request was inside the group


class Journal:
    """What the units' effects and cleanups saw, in order."""

    def __init__(self) -> None:
        self.entries: list[str] = []


@pytest.fixture
def journal(app: FastAPI) -> Journal:
    """A route that writes a contact, queues an effect that looks for it from another
    connection (it finds it only once committed) and a cleanup, then fails if asked."""
    found = Journal()

    async def write(session: DbSession, name: str, fail: bool = False) -> dict[str, bool]:
        await create_contact(session, NewContact(f"{name}@desk.test", name))
        work = unit_of_work(session)
        engine = app.state.runtime.engine

        async def look() -> None:
            async with engine.connect() as other:
                seen = await other.scalar(
                    select(Contact.id).where(Contact.email == f"{name}@desk.test")
                )
            found.entries.append(f"{name} effect: {'committed' if seen else 'not committed'}")

        async def clean_up() -> None:
            found.entries.append(f"{name} cleanup")

        work.after_commit(look)
        work.on_rollback(clean_up)
        if fail:
            raise ValidationFailed.for_field("name", "refused on purpose")
        return {"ok": True}

    app.add_api_route("/api/test-group.json", write, methods=["POST"], include_in_schema=False)
    return found


async def test_only_the_failed_request_runs_its_cleanups_and_the_others_their_effects_after_commit(
    client: httpx.AsyncClient, runtime: Runtime, journal: Journal
) -> None:
    names = [("first", False), ("failing", True), ("last", False)]
    responses = await in_one_group(
        runtime,
        [client.post(f"/api/test-group.json?name={n}&fail={str(f).lower()}") for n, f in names],
    )
    assert [r.status_code for r in responses] == [200, 400, 200]
    assert sorted(journal.entries) == [
        "failing cleanup",
        "first effect: committed",
        "last effect: committed",
    ]


async def test_a_first_request_that_wrote_and_then_failed_keeps_nothing_and_the_next_ones_commit(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime
) -> None:
    """The first unit of a group works in the group's transaction without a savepoint: when
    it fails, rolling back the whole transaction undoes its writes alone, and the writers
    queued behind it start a new group."""
    token = await admin_token(app)
    wrote, go_on = asyncio.Event(), asyncio.Event()

    async def write_then_fail(session: DbSession) -> dict[str, bool]:
        await create_contact(session, NewContact("first@desk.test", "First"))
        wrote.set()
        await go_on.wait()
        raise ValidationFailed.for_field("name", "refused on purpose")

    app.add_api_route(
        "/api/test-first.json", write_then_fail, methods=["POST"], include_in_schema=False
    )
    first = asyncio.ensure_future(client.post("/api/test-first.json"))
    await until(wrote.is_set, "the first request has written")
    others = [asyncio.ensure_future(new_ticket(client, token, i)) for i in range(3)]
    if runtime.group_commit is not None:
        gate = runtime.group_commit
        await until(lambda: gate.waiting == 3, "the other requests wait for the turn")
    go_on.set()
    assert (await first).status_code == 400
    assert [(await other).status_code for other in others] == [200, 200, 200]
    contacts = select(func.count()).select_from(Contact).where(Contact.email == "first@desk.test")
    assert await count(runtime, contacts) == 0
    assert await tickets_with_subjects(runtime, "group 0", "group 1", "group 2") == 3


async def test_when_the_group_cannot_commit_every_request_in_it_fails_and_keeps_nothing(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime
) -> None:
    """One unit leaves a foreign key that SQLite checks only at COMMIT (deferred), so the
    group's COMMIT fails: nobody in it may be told their writes were kept."""
    if not on_sqlite(runtime):
        pytest.skip("PostgreSQL has no shared commit to fail")
    token = await admin_token(app)

    async def dangling_reference() -> None:
        async with runtime.unit_of_work() as work:
            await work.session.execute(text("PRAGMA defer_foreign_keys = ON"))
            await work.session.execute(
                text(
                    "INSERT INTO contacts (public_id, email, name, user_id, created_at, "
                    "updated_at) VALUES ('CTT-dangling', 'dangling@desk.test', 'D', 999999, "
                    "'2024-01-01', '2024-01-01')"
                )
            )

    writes = [new_ticket(client, token, 1), dangling_reference(), new_ticket(client, token, 2)]
    first, dangling, last = await in_one_group(runtime, writes)
    assert (first.status_code, last.status_code) == (500, 500)
    assert isinstance(dangling, Exception)
    assert await tickets_with_subjects(runtime, "group 1", "group 2") == 0


async def test_a_unit_that_cannot_undo_its_writes_fails_the_requests_before_it_in_the_group(
    client: httpx.AsyncClient, app: FastAPI, runtime: Runtime
) -> None:
    """A unit whose rollback to its savepoint fails (here it ended the whole transaction
    itself, as SQLite does on a full disk): the writes released before it went with the
    transaction, so those requests fail; the requests after it start a new group."""
    if not on_sqlite(runtime):
        pytest.skip("PostgreSQL has no shared transaction to lose")
    token = await admin_token(app)

    async def ends_the_transaction() -> None:
        async with runtime.unit_of_work() as work:
            await work.session.execute(text("ROLLBACK"))
            raise RuntimeError("then fails")

    writes = [new_ticket(client, token, 1), ends_the_transaction(), new_ticket(client, token, 2)]
    first, broken, last = await in_one_group(runtime, writes)
    assert (first.status_code, last.status_code) == (500, 200)
    assert isinstance(broken, RuntimeError)
    assert await tickets_with_subjects(runtime, "group 1") == 0
    assert await tickets_with_subjects(runtime, "group 2") == 1
