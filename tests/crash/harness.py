"""Kill cycles: load the server, SIGKILL it at a random moment, check everything at rest,
restart it, read back every write acknowledged before the kill. The seed is printed
first; the same seed replays each client's random stream (what the kill interrupts, and
which earlier object a reply lands on, still depend on timing)."""

from __future__ import annotations

import asyncio
import random
from dataclasses import dataclass

import httpx

from tests.crash import checks
from tests.crash.load import run_burst
from tests.crash.server import Deployment, Server
from tests.crash.writes import MARKETPLACE, Ledger, Tokens, Write

SHORTEST_BURST = 0.0
LONGEST_BURST = 1.0
READERS = 4
PROGRESS_EVERY = 25


class CrashSafetyFailure(AssertionError):
    pass


@dataclass(slots=True)
class Summary:
    seed: int
    cycles: int = 0
    writes_checked: int = 0
    interrupted: int = 0
    files_checked: int = 0
    unrecorded_collected: int = 0

    def __str__(self) -> str:
        return (
            f"seed {self.seed}: {self.cycles} kill cycles survived, "
            f"{self.writes_checked} acknowledged writes checked, "
            f"{self.interrupted} writes interrupted, {self.files_checked} stored files hashed, "
            f"{self.unrecorded_collected} interrupted uploads collected by files gc"
        )


def mint_tokens(deployment: Deployment) -> tuple[str, str]:
    uvdesk = deployment.cli("token", "create", "--uvdesk-role", "admin", "--email", "a@crash.test")
    marketplace = deployment.cli(
        "token", "create", "--account-type", "client", "--account-name", "Crash",
        "--email", "c@crash.test",
    )  # fmt: skip
    return uvdesk.strip(), marketplace.strip()


def make_queue(base_url: str, marketplace_token: str) -> str:
    response = httpx.post(
        f"{base_url}{MARKETPLACE}/queues",
        json={"name": "Crash"},
        headers={"Authorization": f"Bearer {marketplace_token}"},
    )
    response.raise_for_status()
    queue_id: str = response.json()["id"]
    return queue_id


async def _read_back(base_url: str, tokens: Tokens, writes: list[Write]) -> list[str]:
    """Every write read back through the API, by a few readers at once."""
    readers = asyncio.Semaphore(READERS)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:

        async def check(write: Write) -> list[str]:
            async with readers:
                return await write.problems(client, tokens)

        found = await asyncio.gather(*(check(write) for write in writes))
        return [problem for problems in found for problem in problems]


class CrashRun:
    def __init__(self, deployment: Deployment, seed: int) -> None:
        self.deployment = deployment
        self.server = Server(deployment)
        self.summary = Summary(seed)
        self.ledger = Ledger()
        self.files_checked_upto = 0
        uvdesk, marketplace = mint_tokens(deployment)
        self.server.start()
        self.tokens = Tokens(uvdesk, marketplace, make_queue(self.server.base_url, marketplace))

    def cycle(self, number: int) -> None:
        rng = random.Random(f"{self.summary.seed}:{number}")
        already = len(self.ledger.log)
        burst = asyncio.run(
            run_burst(
                self.server,
                self.tokens,
                self.ledger,
                seed=f"{self.summary.seed}-{number}",
                kill_after=rng.uniform(SHORTEST_BURST, LONGEST_BURST),
            )
        )
        self.summary.interrupted += burst.interrupted
        self._fail_on(number, burst.refusals + self._at_rest())
        self.server.start()
        fresh = self.ledger.log[already:]
        self._fail_on(number, asyncio.run(_read_back(self.server.base_url, self.tokens, fresh)))
        self.summary.writes_checked += len(fresh)
        self.summary.cycles += 1

    def _at_rest(self) -> list[str]:
        url, storage = self.deployment.database_url, self.deployment.storage_dir
        new_rows = checks.live_files(url, after_id=self.files_checked_upto)
        if new_rows:
            self.files_checked_upto = new_rows[-1].id
        self.summary.files_checked += len(new_rows)
        report = checks.garbage(self.deployment)
        known = {row.storage_key for row in checks.live_files(url)}
        return (
            checks.database_problems(url)
            + checks.half_writes(url)
            + checks.broken_files(storage, new_rows)
            + report.problems
            + checks.stray_files(storage, known, report.unrecorded)
        )

    def finish(self) -> None:
        """Every acknowledged write once more, then collect the interrupted uploads and
        leave storage holding exactly the recorded files."""
        everything = self.ledger.log
        self._fail_on(-1, asyncio.run(_read_back(self.server.base_url, self.tokens, everything)))
        self.server.kill()
        self.summary.unrecorded_collected = len(checks.garbage(self.deployment).unrecorded)
        checks.run_gc(self.deployment, "--grace-minutes", "0")
        url, storage = self.deployment.database_url, self.deployment.storage_dir
        rows = checks.live_files(url)
        report = checks.garbage(self.deployment)
        leftovers = report.problems + [f"not collected: {key}" for key in report.unrecorded]
        known = {row.storage_key for row in rows}
        self._fail_on(-1, leftovers + checks.broken_files(storage, rows))
        self._fail_on(-1, checks.stray_files(storage, known, set()))

    def stop(self) -> None:
        self.server.kill()

    def _fail_on(self, cycle: int, problems: list[str]) -> None:
        if problems:
            where = "final check" if cycle < 0 else f"cycle {cycle}"
            raise CrashSafetyFailure(
                f"{where} of seed {self.summary.seed}: " + "; ".join(problems[:20])
            )


def run(deployment: Deployment, *, cycles: int, seed: int | None = None) -> Summary:
    seed = random.SystemRandom().randrange(10**9) if seed is None else seed
    print(f"crash run: seed {seed}, {cycles} cycles, {deployment.database_url}", flush=True)  # noqa: T201
    crash = CrashRun(deployment, seed)
    try:
        for number in range(cycles):
            crash.cycle(number)
            if (number + 1) % PROGRESS_EVERY == 0:
                print(crash.summary, flush=True)  # noqa: T201
        crash.finish()
    finally:
        crash.stop()
    print(crash.summary, flush=True)  # noqa: T201
    return crash.summary
