"""The long crash profile: ``python -m tests.crash --cycles 200`` (what ``make crash`` runs)
on a fresh SQLite database and, when HELPDESK_TEST_DATABASE_URL names a PostgreSQL
server, on a fresh PostgreSQL database too."""

from __future__ import annotations

import argparse
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.crash.harness import Summary, run
from tests.crash.server import Deployment
from tests.databases import PostgresTemplate, SqliteTemplate, postgres_admin_url


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "sqlite":
        with SqliteTemplate(directory).fresh(directory) as url:
            yield url
        return
    admin_url = postgres_admin_url()
    assert admin_url is not None
    template = PostgresTemplate(admin_url)
    try:
        with template.fresh(directory) as url:
            yield url
    finally:
        template.drop()


def run_on(backend: str, *, cycles: int, seed: int | None, workers: int) -> Summary:
    with tempfile.TemporaryDirectory(prefix=f"helpdesk-crash-{backend}-") as name:
        directory = Path(name)
        with fresh_database(backend, directory) as url:
            deployment = Deployment(url, directory / "files", directory / "server.log", workers)
            return run(deployment, cycles=cycles, seed=seed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cycles", type=int, default=200)
    parser.add_argument("--seed", type=int, default=None, help="replay a printed seed")
    parser.add_argument("--workers", type=int, default=1, help="server worker processes")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    backends = args.backend or ["sqlite"] + (["postgresql"] if postgres_admin_url() else [])
    for backend in backends:
        run_on(backend, cycles=args.cycles, seed=args.seed, workers=args.workers)


if __name__ == "__main__":
    main()
