"""Mail intake benchmarks: messages per second through the ingest service, and the time
from an IMAP APPEND to its ticket with many mailboxes watched at once.

Usage: python bench/mail_intake.py [--messages 500] [--concurrency 8]
       [--mailboxes 100] [--rounds 3] [--skip-ingest] [--skip-imap]

ingest  ``--messages`` messages (a third of them replies to earlier ones) through
        ``ingest``, each in its own unit of work, from ``--concurrency`` tasks.
imap    a throwaway Dovecot (tests/mail/imap/dovecot.py; Debian's dovecot-imapd) with one
        user per mailbox, and the IMAP poller watching all of them (IDLE). Once every
        mailbox is connected, each round APPENDs one message to every mailbox at once
        and measures, per message, the time from the APPEND to its ticket's creation.

The database is a fresh SQLite file unless HELPDESK_DATABASE_URL names another (it must
be empty). Writes bench/results/<stamp>-mail-intake-<database>.json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import make_msgid
from pathlib import Path

from pydantic import SecretStr
from sqlalchemy import select

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' Dovecot helper

from tests.mail.imap.dovecot import Dovecot

from helpdesk.core.migrations import upgrade_to_head
from helpdesk.core.settings import Settings
from helpdesk.domain.mailboxes import imap_folders
from helpdesk.domain.mailboxes.intake import ingest
from helpdesk.domain.mailboxes.models import ImapAuth, ImapSecurity, Mailbox, ReceiveVia
from helpdesk.domain.mailboxes.secrets import encrypt_secret
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.domain.tickets.models import Ticket
from helpdesk.mail.imap import ImapPoller, PollerTiming

RESULTS = Path(__file__).parent / "results"
PASSWORD = "bench-password"  # noqa: S105  (of the throwaway server's users)
TARGET_SECONDS = 10.0


@dataclass
class Outcome:
    scenario: str
    messages: int
    seconds: float
    per_second: float
    p50_ms: float
    p95_ms: float
    max_ms: float


def percentile(samples: list[float], share: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)


def outcome(scenario: str, latencies: list[float], seconds: float) -> Outcome:
    return Outcome(
        scenario=scenario,
        messages=len(latencies),
        seconds=round(seconds, 2),
        per_second=round(len(latencies) / seconds, 1) if seconds else 0.0,
        p50_ms=percentile(latencies, 0.5),
        p95_ms=percentile(latencies, 0.95),
        max_ms=percentile(latencies, 1.0),
    )


def message(subject: str, *, sender: str, to: str, in_reply_to: str | None = None) -> bytes:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    mail["Subject"] = subject
    mail["Message-ID"] = make_msgid(domain="bench.example")
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
    mail.set_content(f"{subject}\n\nA few lines of text, as customers write them.\n" * 3)
    return mail.as_bytes()


async def bench_ingest(runtime: Runtime, messages: int, concurrency: int) -> Outcome:
    """Messages per second through the ingest service; a third are replies."""
    raws: list[bytes] = []
    firsts: list[str] = []
    for number in range(messages):
        sender = f"customer{number % 50}@bench.example"
        if number % 3 == 2 and firsts:
            raw = message(f"Re: question {number}", sender=sender, to="support@bench.example",
                          in_reply_to=firsts[-1])  # fmt: skip
        else:
            raw = message(f"Question {number}", sender=sender, to="support@bench.example")
            firsts.append(_message_id(raw))
        raws.append(raw)
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for raw in raws:
        queue.put_nowait(raw)
    latencies: list[float] = []

    async def worker() -> None:
        while not queue.empty():
            raw = queue.get_nowait()
            began = time.perf_counter()
            async with runtime.unit_of_work() as unit:
                await ingest(unit.session, raw, via="bench")
            latencies.append(time.perf_counter() - began)

    began = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return outcome(f"ingest c={concurrency}", latencies, time.perf_counter() - began)


def _message_id(raw: bytes) -> str:
    for line in raw.split(b"\n"):
        if line.lower().startswith(b"message-id:"):
            return line.split(b":", 1)[1].strip().decode()
    raise ValueError("no Message-ID")


async def add_mailboxes(runtime: Runtime, dovecot: Dovecot, count: int) -> list[str]:
    users = [f"bench{number:03d}" for number in range(count)]
    for user in users:
        dovecot.add_user(user, PASSWORD)
    async with runtime.unit_of_work() as unit:
        for user in users:
            unit.session.add(
                Mailbox(
                    name=f"Mailbox {user}",
                    email=f"{user}@desk.bench.example",
                    mailbox_email=f"{user}@in.bench.example",
                    receive_via=ReceiveVia.IMAP,
                    imap_host="127.0.0.1",
                    imap_port=dovecot.port,
                    imap_security=ImapSecurity.NONE,
                    imap_username=user,
                    imap_auth=ImapAuth.PASSWORD,
                    imap_secret=encrypt_secret(unit.keys, PASSWORD),
                    imap_folder="INBOX",
                )
            )
    return users


async def connected_count(runtime: Runtime) -> int:
    async with runtime.unit_of_work(may_write=False) as unit:
        statuses = await imap_folders.folder_statuses(unit.session)
    return sum(1 for status in statuses if status.state and status.state.connected_at)


async def tickets_created(runtime: Runtime, subjects: list[str]) -> dict[str, datetime]:
    async with runtime.unit_of_work(may_write=False) as unit:
        rows = await unit.session.execute(
            select(Ticket.subject, Ticket.created_at).where(Ticket.subject.in_(subjects))
        )
        return {subject: _utc(created) for subject, created in rows}


def _utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were written in UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


async def bench_imap(runtime: Runtime, mailboxes: int, rounds: int) -> list[Outcome]:
    dovecot = Dovecot.started()
    stop = asyncio.Event()
    poller_task: asyncio.Task[None] | None = None
    try:
        users = await add_mailboxes(runtime, dovecot, mailboxes)
        poller_task = asyncio.create_task(
            ImapPoller(runtime, PollerTiming(refresh_seconds=2.0)).run(stop)
        )
        began = time.perf_counter()
        while await connected_count(runtime) < mailboxes:  # noqa: ASYNC110  (polls the database)
            await asyncio.sleep(0.2)
        connect = time.perf_counter() - began
        print(f"{mailboxes} mailboxes connected in {connect:.1f} s", file=sys.stderr)
        results = [outcome(f"imap connect {mailboxes} mailboxes", [connect], connect)]
        for number in range(rounds):
            results.append(await _imap_round(runtime, dovecot, users, number))
            print(asdict(results[-1]), file=sys.stderr)
        return results
    finally:
        stop.set()
        if poller_task is not None:
            await poller_task
        dovecot.remove()


async def _imap_round(runtime: Runtime, dovecot: Dovecot, users: list[str], number: int) -> Outcome:
    """One message APPENDed to every mailbox at once; APPEND-to-ticket time of each."""
    subjects = {user: f"Round {number} for {user}" for user in users}
    appended: dict[str, datetime] = {}

    def append(user: str) -> None:
        raw = message(subjects[user], sender=f"{user}-customer@bench.example",
                      to=f"{user}@desk.bench.example")  # fmt: skip
        with dovecot.client(user) as imap:
            appended[subjects[user]] = datetime.now(UTC)
            imap.append("INBOX", raw)

    began = time.perf_counter()
    with ThreadPoolExecutor(16) as appenders:
        await asyncio.gather(
            *(asyncio.get_running_loop().run_in_executor(appenders, append, u) for u in users)
        )
    created: dict[str, datetime] = {}
    deadline = time.monotonic() + 120
    while len(created) < len(users) and time.monotonic() < deadline:
        created = await tickets_created(runtime, list(subjects.values()))
        await asyncio.sleep(0.1)
    seconds = time.perf_counter() - began
    latencies = [(created[s] - appended[s]).total_seconds() for s in created]
    result = outcome(f"imap append->ticket round {number}", latencies, seconds)
    if len(created) < len(users):
        print(f"only {len(created)} of {len(users)} tickets within 120 s", file=sys.stderr)
    return result


def write_results(results: list[Outcome], database: str) -> Path:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = RESULTS / f"{stamp}-mail-intake-{database}"
    meta = {"machine": platform.platform(), "python": platform.python_version()}
    rows = [asdict(result) for result in results]
    base.with_suffix(".json").write_text(json.dumps({"meta": meta, "results": rows}, indent=2))
    lines = [
        f"# Mail intake ({database}), {stamp}",
        "",
        "| scenario | messages | seconds | per second | p50 ms | p95 ms | max ms |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.scenario} | {r.messages} | {r.seconds} | {r.per_second} | {r.p50_ms} "
        f"| {r.p95_ms} | {r.max_ms} |"
        for r in results
    ]
    base.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    return base


async def main(arguments: argparse.Namespace, settings: Settings) -> list[Outcome]:
    runtime = build_runtime(settings, pool_size=20)
    try:
        results = []
        if not arguments.skip_ingest:
            results.append(await bench_ingest(runtime, arguments.messages, arguments.concurrency))
            print(asdict(results[-1]), file=sys.stderr)
        if not arguments.skip_imap:
            results += await bench_imap(runtime, arguments.mailboxes, arguments.rounds)
        return results
    finally:
        await runtime.dispose()


def parse_arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=500)
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--mailboxes", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--skip-ingest", action="store_true")
    parser.add_argument("--skip-imap", action="store_true")
    return parser.parse_args()


if __name__ == "__main__":
    arguments = parse_arguments()
    work = Path(tempfile.mkdtemp(prefix="helpdesk-mail-bench-"))
    defaults = Settings()
    settings = Settings(
        database_url=(
            defaults.database_url
            if "HELPDESK_DATABASE_URL" in os.environ
            else f"sqlite+aiosqlite:///{work / 'bench.sqlite3'}"
        ),
        storage_dir=work / "files",
        secret_key=defaults.secret_key or SecretStr("bench-only-key"),
        log_level="WARNING",
    )
    upgrade_to_head(settings.database_url)
    database = "postgres" if settings.database_url.startswith("postgresql") else "sqlite"
    write_results(asyncio.run(main(arguments, settings)), database)
