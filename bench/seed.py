"""Fill an empty helpdesk database in bulk, for the benchmarks.

    .venv/bin/python bench/seed.py --database-url URL --tickets N [--cases M]
        [--customers C] [--random-seed S] [--manifest PATH] [--verify] [--quiet]

Migrates the database, writes a few fixtures through the services (the UVdesk admin
``bench-admin@example.com``, agents, groups, labels, tags; the client account ``Bench``
with ``bench@example.com`` and its queue; an operator), then customers, tickets with their
threads and search documents, and cases with their chats and messages in bulk, in the
shape the services write them. Prints progress on stderr and the manifest (JSON) on stdout
or into ``--manifest``. ``--verify`` reads the data back through the app in-process.
See bench/README.md ("Seeding") and bench/seeding/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from seeding.progress import say

# The rest is imported in main(): a helper process (seeding/pipeline.py) imports this
# module again, and needs none of it.


def at_least_one(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="bench/seed.py", description="Fill an empty helpdesk database for the benchmarks."
    )
    parser.add_argument("--database-url", required=True, help="as HELPDESK_DATABASE_URL takes it")
    parser.add_argument("--tickets", type=at_least_one, required=True)
    parser.add_argument("--cases", type=at_least_one, help="default: tickets // 10, at least 10")
    parser.add_argument("--customers", type=at_least_one, default=1000)
    parser.add_argument("--random-seed", type=int, default=1)
    parser.add_argument("--manifest", type=Path, help="where the JSON manifest goes (stdout)")
    parser.add_argument("--verify", action="store_true", help="read the data back via the app")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    from seeding.run import DEFAULT_SECRET, Plan, seed  # noqa: PLC0415  (see above)
    from seeding.verify import settings_for, verify  # noqa: PLC0415

    args = parse(argv)
    # The URL as the settings take it (postgresql:// becomes postgresql+asyncpg://).
    database_url = settings_for(args.database_url, "-", Path(tempfile.gettempdir())).database_url
    plan = Plan(
        database_url=database_url,
        tickets=args.tickets,
        cases=args.cases or max(args.tickets // 10, 10),
        customers=args.customers,
        random_seed=args.random_seed,
        progress=not args.quiet,
        secret_key=os.environ.get("HELPDESK_SECRET_KEY") or DEFAULT_SECRET,
    )
    manifest = seed(plan)
    if args.verify:
        started = time.monotonic()
        manifest["verified"] = asyncio.run(verify(database_url, manifest, plan.secret_key))
        manifest["seconds"]["verify"] = round(time.monotonic() - started, 3)
    text = json.dumps(manifest, indent=2)
    if args.manifest:
        args.manifest.write_text(text + "\n")
    else:
        print(text)
    counts, seconds = manifest["counts"], manifest["seconds"]
    say(
        f"Seeded {counts['tickets']:,} tickets ({counts['threads']:,} threads) and "
        f"{counts['cases']:,} cases in {seconds['total']:.1f} s"
        + (" and verified them." if args.verify else "."),
        enabled=plan.progress,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
