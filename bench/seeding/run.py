"""Seeding from start to end: migrate, fixtures, the bulk phases; the manifest."""

from __future__ import annotations

import asyncio
import random
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from helpdesk.core.migrations import upgrade_to_head
from helpdesk.domain.cases.models import CaseStatus
from seeding.cases import CaseMaker, CaseTally, first_ids, seed_cases, settle_chats
from seeding.customers import seed_customers
from seeding.fixtures import (
    ADMIN_EMAIL,
    CLIENT_ACCOUNT,
    CLIENT_EMAIL,
    Fixtures,
    create_fixtures,
)
from seeding.formats import check_formats
from seeding.pipeline import Helper
from seeding.progress import Progress, say
from seeding.tables import ID_TABLES
from seeding.tickets import HISTORY, TicketMaker, TicketTally, first_numbers, seed_tickets
from seeding.verify import settings_for
from seeding.vocabulary import STATUS_NAMES
from seeding.writers import open_writer

MAX_LISTED = 10_000
IN_CHILD_FROM = 20_000
"""Runs from this many tickets make their rows in a helper process (see pipeline)."""
DEFAULT_SECRET = "bench-seed"  # noqa: S105  (the rows seeded hold nothing derived from it)


@dataclass(frozen=True, slots=True)
class Plan:
    database_url: str
    tickets: int
    cases: int
    customers: int = 1000
    random_seed: int = 1
    progress: bool = True
    secret_key: str = DEFAULT_SECRET


class Clock:
    """Seconds per phase."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.started = self.mark = time.monotonic()

    def phase(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = round(now - self.mark, 3)
        self.mark = now


def seed(plan: Plan) -> dict[str, Any]:
    """Migrate the empty database, fill it; answer the manifest."""
    check_formats()
    clock = Clock()
    say(f"Seeding {make_url(plan.database_url).render_as_string()}", enabled=plan.progress)
    with Helper(enabled=plan.tickets >= IN_CHILD_FROM) as helper:
        upgrade_to_head(plan.database_url)
        clock.phase("migrate")
        with tempfile.TemporaryDirectory(prefix="helpdesk-seed-") as storage:
            settings = settings_for(plan.database_url, plan.secret_key, Path(storage))
            fixtures = asyncio.run(create_fixtures(settings))
        clock.phase("fixtures")
        tickets, cases = asyncio.run(_bulk(plan, fixtures, clock, helper))
    clock.seconds["total"] = round(time.monotonic() - clock.started, 3)
    return manifest(plan, fixtures, tickets, cases, clock.seconds)


async def _bulk(
    plan: Plan, fixtures: Fixtures, clock: Clock, helper: Helper
) -> tuple[TicketTally, CaseTally]:
    now = datetime.now(UTC).replace(tzinfo=None, microsecond=0)  # naive UTC, see formats
    writer = await open_writer(plan.database_url)
    await writer.defer_indexes()
    customers = await seed_customers(
        writer,
        random.Random(f"{plan.random_seed}:customers"),
        count=plan.customers,
        before=now - HISTORY - timedelta(days=1),
    )
    clock.phase("customers")
    progress = Progress("tickets", plan.tickets, enabled=plan.progress)
    maker = TicketMaker(
        writer.codec.name,
        plan.random_seed,
        fixtures,
        customers,
        await first_numbers(writer),
        plan.tickets,
        now,
    )
    tickets = await seed_tickets(writer, maker, progress, helper)
    progress.close()
    await writer.commit()
    clock.phase("tickets")
    progress = Progress("cases", plan.cases, enabled=plan.progress)
    case_maker = CaseMaker(
        writer.codec.name, plan.random_seed, fixtures, await first_ids(writer), plan.cases, now
    )
    cases = await seed_cases(writer, case_maker, progress, helper)
    progress.close()
    await writer.commit()
    clock.phase("cases")
    progress = Progress("indexes", len(writer.deferred), enabled=plan.progress)
    await writer.restore_indexes(progress)
    progress.close()
    clock.phase("indexes")
    await settle_chats(writer)
    await writer.check_foreign_keys()
    clock.phase("checks")
    await writer.close(ID_TABLES)
    clock.phase("finish")
    return tickets, cases


def manifest(
    plan: Plan,
    fixtures: Fixtures,
    tickets: TicketTally,
    cases: CaseTally,
    seconds: dict[str, float],
) -> dict[str, Any]:
    """What was seeded, how long it took, and what the load scripts need."""
    terms = [
        {"term": f"printer {number}", "count": count}
        for number, count in sorted(tickets.printers.items())
    ]
    middle = terms[len(terms) // 2] if terms else {"term": "printer", "count": 0}
    return {
        "database_url": make_url(plan.database_url).render_as_string(),
        "random_seed": plan.random_seed,
        "counts": {
            "tickets": tickets.tickets,
            "threads": tickets.threads,
            "customers": plan.customers,
            "agents": len(fixtures.agents),
            "cases": cases.cases,
            "chats": cases.cases,
            "chat_participants": cases.participants,
            "messages": cases.messages,
        },
        "seconds": seconds,
        "tickets": {
            # GET /{locale}/api/ticket/{incrementId}.json takes the increment id,
            # POST /{locale}/api/ticket/{ticketId}/threads.json the ticket id.
            "increment_ids": _span(tickets.first_number, tickets.tickets),
            "ids": _span(tickets.first_id, tickets.tickets),
            "untrashed": tickets.tickets - tickets.trashed,
            "trashed": tickets.trashed,
            "untrashed_by_status": {
                str(status): count for status, count in sorted(tickets.untrashed_by_status.items())
            },
            "replied_increment_id": tickets.replied_number,
        },
        "status_filter": {
            "status": 1,
            "name": STATUS_NAMES[1],
            "count": tickets.untrashed_by_status[1],
        },
        "search": {**middle, "terms": terms[:MAX_LISTED]},
        "cases": {
            "queue_id": fixtures.queue_public_id,
            "account_id": fixtures.client_account,
            "rql_status": CaseStatus.PROCESSING.value,
            "by_status": dict(sorted(cases.by_status.items())),
            "messages_per_chat": 3,
            "ids": cases.case_ids,
            "chat_ids": cases.chat_ids,
        },
        "accounts": {
            "uvdesk_admin": {"email": ADMIN_EMAIL, "uvdesk_role": "admin"},
            "marketplace_client": {
                "email": CLIENT_EMAIL,
                "account_type": "client",
                "account_name": CLIENT_ACCOUNT,
            },
        },
        "tokens": fixtures.tokens,
    }


def _span(first: int, count: int) -> dict[str, int]:
    return {"first": first, "last": first + count - 1}
