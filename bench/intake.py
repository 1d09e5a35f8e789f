"""Mail intake throughput: messages per second through the ingest service, and through
the SMTP listener over loopback.

Usage: python bench/intake.py [--messages 2000] [--concurrency 1,8] [--via service,smtp]
       [--attachment-kb 0] [--label sqlite]

A fresh database (SQLite in a temporary directory, or HELPDESK_DATABASE_URL, which must
be empty) gets one mailbox; the messages are a realistic mix: every fourth one a new
conversation, the rest replies to an earlier one by In-Reply-To, a few with Cc. Each
message is one unit of work, as every intake entry point runs it. Writes
bench/results/<stamp>-intake-<label>.json and .md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import smtplib
import tempfile
import time
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from email.message import EmailMessage
from pathlib import Path

from pydantic import SecretStr

from helpdesk.core.migrations import upgrade_to_head
from helpdesk.core.settings import Settings
from helpdesk.domain.mailboxes.intake import ingest
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.mail.smtpd import serve_smtp

RESULTS = Path(__file__).parent / "results"
RECEIVING = "support.bench@helpdesk.localhost"
NEW_EVERY = 4


@dataclass
class Result:
    via: str
    concurrency: int
    messages: int
    seconds: float
    per_second: float
    outcomes: dict[str, int]


def conversation_mix(count: int, attachment_kb: int, run: str) -> list[bytes]:
    """``count`` messages: a new conversation every ``NEW_EVERY``, replies in between."""
    made: list[bytes] = []
    openers: list[str] = []
    for number in range(count):
        mail = EmailMessage()
        customer = number // NEW_EVERY
        mail["From"] = f"Customer {customer} <c{customer}@bench.example>"
        mail["To"] = RECEIVING
        mail["Message-ID"] = f"<{run}-{number}@bench.example>"
        if number % NEW_EVERY == 0:
            mail["Subject"] = f"Printer {customer} is on fire"
            openers.append(mail["Message-ID"])
        else:
            mail["Subject"] = f"Re: Printer {customer} is on fire"
            mail["In-Reply-To"] = openers[-1]
            mail["References"] = openers[-1]
        if number % 10 == 5:
            mail["Cc"] = f"colleague{customer}@bench.example"
        mail.set_content(f"Message {number}.\n\nIt is still on fire, now with more smoke.\n" * 5)
        if attachment_kb:
            mail.add_attachment(os.urandom(attachment_kb * 1024), "application", "octet-stream")
        made.append(mail.as_bytes())
    return made


async def through_service(runtime: Runtime, messages: list[bytes], concurrency: int) -> Result:
    queue: asyncio.Queue[bytes] = asyncio.Queue()
    for raw in messages:
        queue.put_nowait(raw)
    outcomes: dict[str, int] = {}

    async def worker() -> None:
        while not queue.empty():
            raw = queue.get_nowait()
            async with runtime.unit_of_work() as unit:
                result = await ingest(
                    unit.session, raw, envelope_recipients=[RECEIVING], via="bench"
                )
            outcomes[result.outcome] = outcomes.get(result.outcome, 0) + 1

    started = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return _result("service", concurrency, len(messages), time.perf_counter() - started, outcomes)


async def through_smtp(runtime: Runtime, messages: list[bytes], concurrency: int) -> Result:
    server = await serve_smtp(runtime, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    chunks = [messages[index::concurrency] for index in range(concurrency)]

    def send(chunk: list[bytes]) -> None:
        with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
            for raw in chunk:
                smtp.sendmail("bench@bench.example", [RECEIVING], raw)

    started = time.perf_counter()
    try:
        await asyncio.gather(*(asyncio.to_thread(send, chunk) for chunk in chunks))
    finally:
        server.close()
        await server.wait_closed()
    elapsed = time.perf_counter() - started
    return _result("smtp", concurrency, len(messages), elapsed, {})


def _result(
    via: str, concurrency: int, count: int, seconds: float, outcomes: dict[str, int]
) -> Result:
    return Result(via, concurrency, count, round(seconds, 2), round(count / seconds, 1), outcomes)


async def add_mailbox(runtime: Runtime) -> None:
    async with runtime.unit_of_work() as unit:
        unit.session.add(
            Mailbox(name="Bench", email="support@bench.example", mailbox_email=RECEIVING)
        )


async def run_all(settings: Settings, args: argparse.Namespace) -> list[Result]:
    runtime = build_runtime(settings, pool_size=max(args.concurrency) + 2)
    results = []
    try:
        await add_mailbox(runtime)
        for via in args.via:
            for concurrency in args.concurrency:
                run = f"{via}-{concurrency}-{time.monotonic_ns()}"
                messages = conversation_mix(args.messages, args.attachment_kb, run)
                drive = through_service if via == "service" else through_smtp
                result = await drive(runtime, messages, concurrency)
                print(
                    f"{via:8} c={concurrency:<3} {result.per_second:8.1f} msg/s  {result.outcomes}"
                )
                results.append(result)
    finally:
        await runtime.dispose()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument(
        "--concurrency", type=lambda v: [int(x) for x in v.split(",")], default=[1, 8]
    )
    parser.add_argument("--via", type=lambda v: v.split(","), default=["service", "smtp"])
    parser.add_argument("--attachment-kb", type=int, default=0)
    parser.add_argument("--label", default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="helpdesk-intake-bench.") as work:
        url = os.environ.get("HELPDESK_DATABASE_URL") or f"sqlite+aiosqlite:///{work}/bench.sqlite3"
        settings = Settings(
            database_url=url,
            storage_dir=Path(work) / "files",
            secret_key=SecretStr("bench-only-key"),
            log_level="WARNING",
        )
        upgrade_to_head(settings.database_url)
        results = asyncio.run(run_all(settings, args))
    label = args.label or (
        "postgres" if settings.database_url.startswith("postgresql") else "sqlite"
    )
    write_results(results, label, args)


def write_results(results: list[Result], label: str, args: argparse.Namespace) -> None:
    RESULTS.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    base = RESULTS / f"{stamp}-intake-{label}"
    meta = {
        "label": label,
        "messages": args.messages,
        "attachment_kb": args.attachment_kb,
        "machine": (
            f"{platform.machine()}, {os.cpu_count()} cpus, Python {platform.python_version()}"
        ),
    }
    base.with_suffix(".json").write_text(
        json.dumps({**meta, "results": [asdict(r) for r in results]}, indent=2)
    )
    lines = [
        f"# Intake benchmark ({label}, {args.messages} messages, "
        f"attachment {args.attachment_kb} KiB)",
        "",
        meta["machine"],
        "",
        "| via | concurrency | msg/s | seconds |",
        "|---|---|---|---|",
        *(f"| {r.via} | {r.concurrency} | {r.per_second} | {r.seconds} |" for r in results),
    ]
    base.with_suffix(".md").write_text("\n".join(lines) + "\n")
    print(f"Wrote {base}.json and .md")


if __name__ == "__main__":
    main()
