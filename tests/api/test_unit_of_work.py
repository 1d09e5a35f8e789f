"""Every entry point opens the same unit of work: effects run once, and only after commit;
cleanups run only on rollback; one failing effect does not stop the others."""

from __future__ import annotations

import logging

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncConnection

from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.cli.unit_of_work import in_unit_of_work
from helpdesk.core.database import Session
from helpdesk.core.settings import Settings
from helpdesk.domain.identity.contacts import NewContact, create_contact
from helpdesk.domain.identity.models import Contact, SupportRole
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.shared.unit_of_work import Effect, unit_of_work
from tests.api.uvdesk.helpers import admin_token, support_token, uv

pytestmark = pytest.mark.anyio


class Journal:
    """What the effects saw, in order."""

    def __init__(self) -> None:
        self.entries: list[str] = []

    def effect(self, name: str) -> Effect:
        async def record() -> None:
            self.entries.append(name)

        return record


async def queue_work(session: Session, journal: Journal, *, fail: bool) -> None:
    """Writes a contact, queues an effect that reads it back from another connection (so it
    only finds it once committed), a failing effect, another effect, and a cleanup."""
    await create_contact(session, NewContact("effects@desk.test", "Effects"))
    work = unit_of_work(session)
    bind = session.bind  # an engine, or a connection of one (a commit group's, on SQLite)
    engine = bind.engine if isinstance(bind, AsyncConnection) else bind

    async def sees_the_contact() -> None:
        async with engine.connect() as other:  # type: ignore[union-attr]
            found = await other.scalar(
                select(Contact.id).where(Contact.email == "effects@desk.test")
            )
        journal.entries.append("committed" if found else "not committed")

    async def breaks() -> None:
        raise RuntimeError("effect failed")

    work.after_commit(sees_the_contact)
    work.after_commit(breaks)
    work.after_commit(journal.effect("second effect"))
    work.on_rollback(journal.effect("cleanup"))
    if fail:
        raise ValidationFailed.for_field("name", "refused on purpose")


@pytest.fixture
def journal() -> Journal:
    return Journal()


@pytest.fixture
def effects_app(app: FastAPI, journal: Journal) -> FastAPI:
    async def work(session: DbSession, fail: bool = False) -> dict[str, bool]:
        await queue_work(session, journal, fail=fail)
        return {"ok": True}

    app.add_api_route("/api/test-effects.json", work, methods=["POST"], include_in_schema=False)
    return app


async def test_a_request_runs_its_effects_after_commit(
    effects_app: FastAPI, client: httpx.AsyncClient, journal: Journal
) -> None:
    response = await client.post("/api/test-effects.json")
    assert response.status_code == 200, response.text
    assert journal.entries == ["committed", "second effect"]


async def test_a_failed_request_runs_its_cleanups_and_no_effect(
    effects_app: FastAPI, client: httpx.AsyncClient, journal: Journal
) -> None:
    response = await client.post("/api/test-effects.json?fail=true")
    assert response.status_code == 400
    assert journal.entries == ["cleanup"]


async def test_a_failing_effect_is_logged_and_the_others_still_run(
    effects_app: FastAPI,
    client: httpx.AsyncClient,
    journal: Journal,
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level(logging.ERROR):
        response = await client.post("/api/test-effects.json")
    assert response.status_code == 200
    assert "second effect" in journal.entries
    [failure] = [r for r in caplog.records if r.exc_info and "effect failed" in str(r.exc_info[1])]
    assert failure.getMessage() == "after-transaction effect failed"


def test_a_cli_command_runs_its_effects_after_commit(
    cli_environment: Settings, journal: Journal
) -> None:
    in_unit_of_work(lambda session: queue_work(session, journal, fail=False))
    assert journal.entries == ["committed", "second effect"]


def test_a_failed_cli_command_runs_its_cleanups_and_no_effect(
    cli_environment: Settings, journal: Journal
) -> None:
    with pytest.raises(ValidationFailed):
        in_unit_of_work(lambda session: queue_work(session, journal, fail=True))
    assert journal.entries == ["cleanup"]


async def test_the_unit_of_work_knows_who_it_works_for(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    async def whoami(actor: UvdeskActor, session: DbSession) -> dict[str, str | None]:
        recorded = unit_of_work(session).actor
        return {"recorded": recorded.email if recorded else None, "actor": actor.email}

    app.add_api_route("/api/test-whoami.json", whoami, methods=["GET"], include_in_schema=False)
    token = await admin_token(app)
    await support_token(app, SupportRole.CUSTOMER, "cus@desk.test")
    plain = (await uv(client, "GET", "/api/test-whoami.json", token)).json()
    assert plain == {"recorded": "admin@desk.example", "actor": "admin@desk.example"}
    acting = await uv(
        client, "GET", "/api/test-whoami.json?actAsType=customer&actAsEmail=cus@desk.test", token
    )
    assert acting.json() == {"recorded": "cus@desk.test", "actor": "cus@desk.test"}
