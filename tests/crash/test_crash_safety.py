"""The short crash profile (20 kill cycles per database); ``make crash`` runs 200.
Replay a failure with the seed it printed: ``CRASH_SEED=<seed> pytest tests/crash``."""

from __future__ import annotations

import os
from pathlib import Path

from tests.crash.harness import run
from tests.crash.server import Deployment

CYCLES = 20


def test_acknowledged_writes_survive_sigkill_whole_and_nothing_is_orphaned(
    database_url: str, tmp_path: Path
) -> None:
    deployment = Deployment(database_url, tmp_path / "files", tmp_path / "server.log")
    seed = os.environ.get("CRASH_SEED")
    summary = run(deployment, cycles=CYCLES, seed=int(seed) if seed else None)
    assert summary.cycles == CYCLES
    assert summary.writes_checked >= CYCLES, "too few acknowledged writes to prove anything"
