"""Durable single-row writes per second through the unit of work, with and without group
commit (SQLite).

    python bench/group_commit.py DIR [--concurrency 32] [--seconds 10] [--processes 1]

Each of ``--concurrency`` tasks per process loops: open a writing unit of work, insert one
row into a scratch table, commit; ``--processes`` processes share the database in DIR, as
``helpdesk serve --workers N`` does. The grouping comes from the settings, so set
``HELPDESK_WRITE_GROUP_MAX_UNITS=1`` to commit every unit on its own (the code before group
commit did the same, one BEGIN IMMEDIATE and one fsync per unit), and leave it unset for the
default groups. Prints units/s, the units' latency percentiles and, with group commit, how
many commits carried them.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import time
from pathlib import Path
from typing import Any

from sqlalchemy import text

from helpdesk.core.migrations import upgrade_to_head
from helpdesk.core.settings import Settings
from helpdesk.domain.runtime import build_runtime

TABLE = "CREATE TABLE IF NOT EXISTS bench_rows (id INTEGER PRIMARY KEY, worker INTEGER, n INTEGER)"


async def _drive(url: str, worker: int, concurrency: int, seconds: float) -> dict[str, Any]:
    os.environ["HELPDESK_DATABASE_URL"] = url
    runtime = build_runtime(Settings())
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds

    async def writer(index: int) -> None:
        n = 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            async with runtime.unit_of_work() as work:
                await work.session.execute(
                    text("INSERT INTO bench_rows (worker, n) VALUES (:w, :n)"),
                    {"w": worker * 1000 + index, "n": n},
                )
            latencies.append(time.perf_counter() - started)
            n += 1

    began = time.perf_counter()
    await asyncio.gather(*(writer(i) for i in range(concurrency)))
    elapsed = time.perf_counter() - began
    gate = getattr(runtime, "group_commit", None)
    commits = getattr(gate, "commits", None)
    await runtime.dispose()
    return {"units": len(latencies), "elapsed": elapsed, "latencies": latencies, "commits": commits}


def _process(args: tuple[str, int, int, float, Any]) -> dict[str, Any]:
    url, worker, concurrency, seconds, start = args
    start.wait()
    return asyncio.run(_drive(url, worker, concurrency, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--processes", type=int, default=1)
    options = parser.parse_args()
    options.directory.mkdir(parents=True, exist_ok=True)
    url = f"sqlite+aiosqlite:///{options.directory / 'bench.sqlite3'}"
    upgrade_to_head(url)

    async def prepare() -> None:
        os.environ["HELPDESK_DATABASE_URL"] = url
        runtime = build_runtime(Settings())
        async with runtime.unit_of_work() as work:
            await work.session.execute(text(TABLE))
        await runtime.dispose()

    asyncio.run(prepare())
    per_process = max(1, options.concurrency // options.processes)
    with multiprocessing.Manager() as manager:
        start = manager.Event()
        with multiprocessing.get_context("spawn").Pool(options.processes) as pool:
            pending = pool.map_async(
                _process,
                [(url, w, per_process, options.seconds, start) for w in range(options.processes)],
            )
            time.sleep(1.0)  # every process has imported and is waiting
            start.set()
            results = pending.get()
    units = sum(r["units"] for r in results)
    elapsed = max(r["elapsed"] for r in results)
    latencies = sorted(x for r in results for x in r["latencies"])
    cuts = statistics.quantiles(latencies, n=100)
    commits = [r["commits"] for r in results]
    grouping = os.environ.get("HELPDESK_WRITE_GROUP_MAX_UNITS", "default")
    print(
        f"processes={options.processes} concurrency={per_process * options.processes} "
        f"max_units={grouping}: {units / elapsed:.0f} units/s "
        f"p50={cuts[49] * 1000:.1f} ms p99={cuts[98] * 1000:.1f} ms"
        + (
            f" commits={sum(commits)} ({units / sum(commits):.1f} units per commit)"
            if all(c for c in commits)
            else ""
        )
    )


if __name__ == "__main__":
    main()
