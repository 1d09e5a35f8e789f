"""Load scenarios against a running helpdesk server, comparable with the peer harness
(../shared/bench/peer-django-helpdesk): seed tickets through the create route at
concurrency 16 and time it, then measure each scenario for a fixed time at c=16.

Usage: python bench/load.py --base-url URL --uvdesk-token T --marketplace-token T
       [--seed 10000] [--seconds 20] [--concurrency 16] [--label sqlite]

Writes bench/results/<stamp>-<label>.json and .md. The client is httpx with keep-alive
connections on asyncio; it shares the machine's cores with the server, so figures are a
lower bound on what the server does alone.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import platform
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx

RESULTS = Path(__file__).parent / "results"


@dataclass
class Outcome:
    scenario: str
    route: str
    tickets: int
    requests: int
    errors: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    p99_ms: float


Call = Callable[[httpx.AsyncClient], Awaitable[httpx.Response]]


def percentile(samples: list[float], share: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 2)


async def drive(
    client: httpx.AsyncClient, call: Call, *, concurrency: int, seconds: float, total: int | None
) -> tuple[list[float], int, float]:
    """Run ``call`` from ``concurrency`` workers until ``seconds`` pass or ``total`` are done."""
    latencies: list[float] = []
    errors = 0
    started = time.perf_counter()
    issued = 0

    async def worker() -> None:
        nonlocal errors, issued
        while time.perf_counter() - started < seconds and (total is None or issued < total):
            issued += 1
            began = time.perf_counter()
            try:
                response = await call(client)
                if response.status_code >= 400:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies.append(time.perf_counter() - began)

    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors, time.perf_counter() - started


def ticket_body(index: int) -> dict[str, str]:
    return {
        "name": f"Customer {index % 500}",
        "from": f"customer{index % 500}@example.com",
        "subject": f"Printer {index} does not print",
        "reply": f"<p>Since this morning printer {index} shows error {index % 97}.</p>",
        "type": "807",
    }


async def run(args: argparse.Namespace) -> list[Outcome]:
    uv = {"Authorization": f"Bearer {args.uvdesk_token}"}
    mp = {"Authorization": f"Bearer {args.marketplace_token}"}
    limits = httpx.Limits(
        max_connections=args.concurrency, max_keepalive_connections=args.concurrency
    )
    async with httpx.AsyncClient(base_url=args.base_url, timeout=60, limits=limits) as client:
        counter = iter(range(10**9))

        async def create(c: httpx.AsyncClient) -> httpx.Response:
            return await c.post("/api/tickets.json", json=ticket_body(next(counter)), headers=uv)

        latencies, errors, elapsed = await drive(
            client, create, concurrency=args.concurrency, seconds=10**9, total=args.seed
        )
        seeded = {
            "tickets": args.seed,
            "seconds": round(elapsed, 2),
            "per_second": round(args.seed / elapsed, 1),
            "p50_ms": percentile(latencies, 0.5),
            "p99_ms": percentile(latencies, 0.99),
            "errors": errors,
        }
        queue = (
            await client.post("/public/v1/helpdesk/queues", json={"name": "Bench"}, headers=mp)
        ).json()
        ids = [
            t["id"] for t in (await client.get("/api/tickets.json", headers=uv)).json()["tickets"]
        ]
        scenarios: list[tuple[str, str, Call]] = [
            ("list", "GET /api/tickets.json", lambda c: c.get("/api/tickets.json", headers=uv)),
            (
                "get",
                "GET /api/ticket/{incrementId}.json",
                lambda c: c.get(f"/api/ticket/{random.randint(1, args.seed)}.json", headers=uv),
            ),
            (
                "search",
                "GET /api/tickets.json?search=",
                lambda c: c.get(
                    f"/api/tickets.json?search=printer {random.randint(1, args.seed)}", headers=uv
                ),
            ),
            (
                "reply",
                "POST /api/ticket/{id}/threads.json",
                lambda c: c.post(
                    f"/api/ticket/{random.choice(ids)}/threads.json",
                    json={"threadType": "reply", "reply": "We are on it."},
                    headers=uv,
                ),
            ),
            ("create", "POST /api/tickets.json", create),
            (
                "mp_create_case",
                "POST /public/v1/helpdesk/cases",
                lambda c: c.post(
                    "/public/v1/helpdesk/cases",
                    json={
                        "queue": {"id": queue["id"]},
                        "chat": {"lastMessage": {"content": "Help"}},
                    },
                    headers=mp,
                ),
            ),
            (
                "mp_list_cases",
                "GET /public/v1/helpdesk/cases?eq(status,Processing)&limit=25",
                lambda c: c.get(
                    "/public/v1/helpdesk/cases?eq(status,Processing)&limit=25", headers=mp
                ),
            ),
        ]
        outcomes: list[Outcome] = []
        for name, route, call in scenarios:
            tickets = (await client.get("/api/tickets.json", headers=uv)).json()["pagination"][
                "totalCount"
            ]
            latencies, errors, elapsed = await drive(
                client, call, concurrency=args.concurrency, seconds=args.seconds, total=None
            )
            outcomes.append(
                Outcome(
                    scenario=name,
                    route=route,
                    tickets=tickets,
                    requests=len(latencies),
                    errors=errors,
                    seconds=round(elapsed, 2),
                    per_second=round(len(latencies) / elapsed, 1),
                    p50_ms=percentile(latencies, 0.5),
                    p95_ms=percentile(latencies, 0.95),
                    p99_ms=percentile(latencies, 0.99),
                )
            )
            print(
                f"{name}: {outcomes[-1].per_second} req/s, p50 {outcomes[-1].p50_ms} ms", flush=True
            )
    write(args, seeded, outcomes)
    return outcomes


def write(args: argparse.Namespace, seeded: dict[str, object], outcomes: list[Outcome]) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    RESULTS.mkdir(exist_ok=True)
    machine = (
        f"{platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )
    document = {
        "machine": machine,
        "label": args.label,
        "concurrency": args.concurrency,
        "seed": seeded,
    }
    document["scenarios"] = [asdict(o) for o in outcomes]
    (RESULTS / f"{stamp}-{args.label}.json").write_text(json.dumps(document, indent=2) + "\n")
    lines = [
        f"Measured {stamp} UTC on {machine}; server {args.label}; c={args.concurrency}, "
        f"{args.seconds} s per scenario; client httpx (asyncio, keep-alive) on the same cores.",
        "",
        f"Seeding: {seeded['tickets']} tickets via POST /api/tickets.json in {seeded['seconds']} s "
        f"({seeded['per_second']} tickets/s, p50 {seeded['p50_ms']} ms, p99 {seeded['p99_ms']} ms, "
        f"errors {seeded['errors']}).",
        "",
        "| scenario | route | tickets in DB | req/s | p50 ms | p95 ms | p99 ms "
        "| errors / requests |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {o.scenario} | `{o.route}` | {o.tickets} | {o.per_second} | {o.p50_ms} | {o.p95_ms} "
        f"| {o.p99_ms} | {o.errors} / {o.requests} |"
        for o in outcomes
    ]
    (RESULTS / f"{stamp}-{args.label}.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", required=True)
    parser.add_argument("--uvdesk-token", required=True)
    parser.add_argument("--marketplace-token", required=True)
    parser.add_argument("--seed", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--concurrency", type=int, default=16)
    parser.add_argument("--label", default="sqlite")
    args = parser.parse_args()
    if not args.base_url.startswith(("http://127.0.0.1", "http://localhost")):
        parser.error("the bench only loads a server on this machine")
    outcomes = asyncio.run(run(args))
    failed = sum(o.errors for o in outcomes)
    if failed:
        print(f"{failed} requests failed")


if __name__ == "__main__":
    main()
