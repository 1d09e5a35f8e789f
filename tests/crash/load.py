"""One burst of mixed write load from several concurrent clients, cut short by SIGKILL.

Each client has its own seeded random stream (the seed names the run, the cycle and the
client), picks a write (tickets and replies with attachments, cases, chat messages and
files attached to them), and records it in the ledger only once the 2xx answer is in
hand. A transport error is a write in flight at the kill: unacknowledged, so it may or
may not have happened. Any other answer than success is a failure of the run."""

from __future__ import annotations

import asyncio
import contextlib
import random
from dataclasses import dataclass, field

import httpx

from tests.crash.server import Server
from tests.crash.writes import (
    Case,
    ChatFile,
    Ledger,
    Message,
    Refused,
    Reply,
    Ticket,
    Tokens,
    Write,
)

CLIENTS = 4
WARM_UP_TIMEOUT = 10.0
KINDS = ("ticket", "reply", "case", "message", "chat file")
WEIGHTS = (3, 3, 2, 3, 2)


@dataclass(slots=True)
class Burst:
    """What one burst did: acknowledged writes are in the ledger, the rest counted here."""

    interrupted: int = 0
    refusals: list[str] = field(default_factory=list)
    answering: asyncio.Event = field(default_factory=asyncio.Event)
    """Set on the first acknowledged write: the restarted server is warm."""


async def _write_once(
    client: httpx.AsyncClient, tokens: Tokens, ledger: Ledger, rng: random.Random, tag: str
) -> None:
    kind = rng.choices(KINDS, WEIGHTS)[0]
    write: Write
    if kind == "reply" and ledger.tickets:
        write = await Reply.make(client, tokens, rng.choice(ledger.tickets), rng, tag)
    elif kind == "message" and ledger.cases:
        write = await Message.make(client, tokens, rng.choice(ledger.cases), rng, tag)
    elif kind == "chat file" and ledger.messages:
        write = await ChatFile.make(client, tokens, rng.choice(ledger.messages), rng)
    elif kind in ("case", "message", "chat file"):
        write = await Case.make(client, tokens, rng, tag)
    else:
        write = await Ticket.make(client, tokens, rng, tag)
    ledger.record(write)


async def _client(base_url: str, tokens: Tokens, ledger: Ledger, name: str, burst: Burst) -> None:
    rng = random.Random(name)
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as client:
        for number in range(1_000_000):
            try:
                await _write_once(client, tokens, ledger, rng, f"{name}.{number}")
                burst.answering.set()
            except httpx.TransportError:
                burst.interrupted += 1
                return
            except Refused as refused:
                burst.refusals.append(str(refused))


async def _kill_after(server: Server, burst: Burst, seconds: float) -> None:
    """The random moment counts from the first acknowledged write, so that each burst
    reaches a warm server under load (a first request pays for connections and caches)."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(burst.answering.wait(), timeout=WARM_UP_TIMEOUT)
    await asyncio.sleep(seconds)
    await asyncio.to_thread(server.kill)


async def run_burst(
    server: Server, tokens: Tokens, ledger: Ledger, *, seed: str, kill_after: float
) -> Burst:
    """Load the server from ``CLIENTS`` clients; kill it ``kill_after`` seconds after the
    first write is acknowledged."""
    burst = Burst()
    clients = [
        asyncio.create_task(_client(server.base_url, tokens, ledger, f"{seed}-{n}", burst))
        for n in range(CLIENTS)
    ]
    await _kill_after(server, burst, kill_after)
    await _settle(clients)
    return burst


async def _settle(clients: list[asyncio.Task[None]]) -> None:
    """After the kill every client fails on its next request; wait for that, briefly."""
    done, pending = await asyncio.wait(clients, timeout=10)
    for task in pending:
        task.cancel()
    for task in done:
        task.result()
