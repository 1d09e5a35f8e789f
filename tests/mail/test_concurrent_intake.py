"""The same message arriving twice at once (two pollers, a webhook retried while the
first call still runs) is placed once: the unique Message-ID decides."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from helpdesk.core.settings import Settings
from helpdesk.domain.mailboxes.intake import Ingested, ingest
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.shared.unit_of_work import Runtime
from tests.mail.desk import Desk
from tests.mail.messages import message

pytestmark = pytest.mark.anyio


@pytest.fixture
async def second_process(settings: Settings) -> AsyncIterator[Runtime]:
    """Another runtime on the same database: its own engine and pool, like a second process."""
    runtime = build_runtime(settings)
    yield runtime
    await runtime.dispose()


async def test_the_same_message_ingested_concurrently_makes_one_ticket(
    app: FastAPI, client: httpx.AsyncClient, second_process: Runtime, mailbox: int
) -> None:
    raw = message().as_bytes()

    async def take_in(runtime: Runtime) -> Ingested:
        async with runtime.unit_of_work() as unit:
            return await ingest(unit.session, raw, via="imap", mailbox_id=mailbox)

    results = await asyncio.gather(
        *(take_in(runtime) for runtime in [app.state.runtime, second_process] * 3)
    )

    assert sorted(result.outcome for result in results) == ["created"] + ["duplicate"] * 5
    assert len(await (await Desk.open(app, client)).tickets()) == 1
