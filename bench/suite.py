"""The benchmark suite (issue 11): seed, serve, load with wrk, measure the floors and the
peer, and write bench/results/<date>-<machine>[-quick]/{results.json,report.md,latency.png}.

    make bench              # 1k, 100k and 1M tickets; SQLite and PostgreSQL; c=1,8,32; 5 s a run
    make bench SIZE=1000    # one size, 3 s a run, the peer at c=32 only: a few minutes
    .venv/bin/python -m bench.suite --help

Per database and size it seeds a fresh database with bench/seed.py, mints tokens with the
CLI (unless the seed manifest carries them), starts ``helpdesk serve --workers 2`` as a user
would, checks every scenario once, runs each with wrk at every connection count, records
the workers' RSS and stops the server; then serves bench/floor_app.py (a bare ASGI app doing
one primary-key read) the same way and loads it too. Once per run it times the disk's
fsync floor and runs the django-helpdesk peer harness (../shared/bench/peer-django-helpdesk).

Environment: BENCH_POSTGRES_URL (an admin URL; default postgresql://postgres@127.0.0.1:5432/
postgres; the suite creates and drops helpdesk_bench_<size> there), BENCH_PEER_DIR (the
peer harness, default ../shared/bench/peer-django-helpdesk beside the repository).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

if __package__ in (None, ""):  # run as a file: python bench/suite.py
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import fsync_floor, report, scenarios

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
SECRET_KEY = "bench-only-secret-key-not-for-production"  # noqa: S105 (a throwaway server)
MAX_IDS = 10_000
STOP_GRACE_S = 15
PEER_SCENARIOS = "seed,list,get,followup,create"
# Quick runs leave out the peer's reads: each costs O(all tickets) per request (its README),
# so they mostly add waiting, and no target compares with them.
PEER_QUICK_SCENARIOS = "seed,followup,create"


def say(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)


class BenchError(RuntimeError):
    """Something the suite cannot go on without; the message says what to do."""


# ------------------------------------------------------------------------------ options


@dataclass(frozen=True, slots=True)
class Options:
    sizes: list[int]
    seconds: int
    connections: list[int]
    databases: list[str]
    skip_peer: bool
    quick: bool
    seeder: Path
    cases_ratio: float
    work_dir: Path
    out: Path
    peer_connections: list[int]


def _ints(text: str) -> list[int]:
    return [int(part.replace("_", "")) for part in text.split(",") if part.strip()]


def parse_options(argv: Sequence[str] | None = None) -> Options:
    parser = argparse.ArgumentParser(
        description=(__doc__ or "").splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=_ints, default=[1_000, 100_000, 1_000_000])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="3 s a run and the peer at c=32 only (make bench SIZE=N)",
    )
    parser.add_argument("--seconds", type=int, help="per wrk run (default 5, 3 with --quick)")
    parser.add_argument("--connections", type=_ints, default=[1, 8, 32])
    parser.add_argument("--databases", default="sqlite,postgres")
    parser.add_argument("--skip-peer", action="store_true")
    parser.add_argument("--peer-connections", type=_ints, help="default 1,8,32 (32 with --quick)")
    parser.add_argument("--seeder", type=Path, default=ROOT / "bench" / "seed.py")
    parser.add_argument(
        "--cases-ratio", type=float, default=0.1, help="cases seeded per ticket (at least 100)"
    )
    parser.add_argument(
        "--work-dir", type=Path, default=Path(tempfile.gettempdir()), help="where data goes"
    )
    parser.add_argument("--out", type=Path, default=RESULTS, help="where the report folder goes")
    args = parser.parse_args(argv)
    databases = [name.strip() for name in args.databases.split(",") if name.strip()]
    unknown = set(databases) - {"sqlite", "postgres"}
    if unknown:
        parser.error(f"unknown database(s): {', '.join(sorted(unknown))}")
    if not args.sizes or min(args.sizes) < 1:
        parser.error("--sizes needs positive ticket counts")
    peer_default = [32] if args.quick else [1, 8, 32]
    return Options(
        sizes=sorted(args.sizes),
        seconds=args.seconds or (3 if args.quick else 5),
        connections=sorted(args.connections),
        databases=databases,
        skip_peer=args.skip_peer,
        quick=args.quick,
        seeder=args.seeder,
        cases_ratio=args.cases_ratio,
        work_dir=args.work_dir,
        out=args.out,
        peer_connections=sorted(args.peer_connections or peer_default),
    )


# ------------------------------------------------------------------------------ machine


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    say("wrk is not on PATH; trying apt-get install -y wrk")
    with suppress(OSError, subprocess.SubprocessError):
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, timeout=300)
    if not shutil.which("wrk"):
        raise BenchError(
            "wrk is needed and could not be installed: install it (Debian/Ubuntu: "
            "apt-get install wrk; macOS: brew install wrk) and run again"
        )


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def _command(*argv: str, cwd: Path | None = None) -> str:
    try:
        done = subprocess.run(
            argv, capture_output=True, text=True, timeout=30, cwd=cwd, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return (done.stdout or done.stderr).strip()


def filesystem_of(path: Path) -> str:
    """``ext4 on /dev/vda (mounted at /)``: the mount holding ``path``."""
    best = ("", "?", "?")
    resolved = str(path.resolve())
    for line in _read("/proc/mounts").splitlines():
        device, mount, kind, *_ = line.split()
        inside = resolved == mount or resolved.startswith(mount.rstrip("/") + "/")
        if inside and len(mount) >= len(best[0]):
            best = (mount, device, kind)
    return f"{best[2]} on {best[1]} (mounted at {best[0]})"


def machine_facts(work_dir: Path) -> dict[str, Any]:
    cpuinfo = _read("/proc/cpuinfo")
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in cpuinfo.splitlines()
            if line.startswith("model name")
        ),
        platform.processor() or platform.machine(),
    )
    memory = next(
        (
            int(line.split()[1])
            for line in _read("/proc/meminfo").splitlines()
            if line.startswith("MemTotal")
        ),
        0,
    )
    commit = _command("git", "rev-parse", "--short", "HEAD", cwd=ROOT)
    if _command("git", "status", "--porcelain", "--untracked-files=no", cwd=ROOT):
        commit += " (with uncommitted changes)"
    return {
        "cpu": cpu,
        "nproc": os.cpu_count(),
        "ram_gib": round(memory / 1024 / 1024, 1),
        "kernel": f"{platform.system()} {platform.release()}",
        "data_dir": str(work_dir),
        "data_filesystem": filesystem_of(work_dir),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgres": None,
        "wrk": _command("wrk", "-v").partition(" Copyright")[0] if shutil.which("wrk") else None,
        "git_commit": commit,
        "load_average": " ".join(f"{load:.2f}" for load in os.getloadavg()),
    }


# ------------------------------------------------------------------------------ PostgreSQL


def _pg(url: str, *statements: str) -> list[Any]:
    import asyncpg  # noqa: PLC0415  (a dependency of the package; only PostgreSQL needs it)

    async def work() -> list[Any]:
        connection = await asyncpg.connect(url, timeout=10)
        try:
            return [await connection.fetchval(statement) for statement in statements]
        finally:
            await connection.close()

    return asyncio.run(work())


def postgres_version(admin_url: str) -> str:
    """The server's version, or raise with why it cannot be reached."""
    return str(_pg(admin_url, "SHOW server_version")[0])


def with_database(url: str, name: str, scheme: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit((scheme, parts.netloc, f"/{name}", parts.query, ""))


# ------------------------------------------------------------------------------ processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        status = _read(f"/proc/{entry.name}/status")
        ppid = next(
            (line.split()[1] for line in status.splitlines() if line.startswith("PPid:")), ""
        )
        if ppid == str(pid):
            found.append(int(entry.name))
    return sorted(found)


def memory_of(pid: int) -> dict[str, Any]:
    """VmRSS and VmHWM (peak) of a process, in MB (10^6 bytes)."""
    fields = {}
    for line in _read(f"/proc/{pid}/status").splitlines():
        name, _, value = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            fields[name] = round(int(value.split()[0]) * 1024 / 1e6, 1)
    return {"pid": pid, "rss_mb": fields.get("VmRSS", 0.0), "peak_mb": fields.get("VmHWM", 0.0)}


class Server:
    """A server process started as a user would, stopped with TERM, then KILL after 15 s."""

    def __init__(self, name: str, argv: list[str], env: Mapping[str, str], log: Path) -> None:
        self.name = name
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [*argv, "--port", str(self.port)],
                env=dict(env),
                stdout=out,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )

    def wait_ready(self, path: str, timeout: float = 600) -> None:
        started = time.monotonic()
        deadline = started + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(
                    f"{self.name} exited with {self.process.returncode}:\n{self.tail()}"
                )
            with (
                suppress(OSError),
                urllib.request.urlopen(self.base_url + path, timeout=5) as answer,  # noqa: S310
            ):
                if answer.status == 200:
                    say(f"{self.name} answered after {time.monotonic() - started:.0f} s")
                    return
            time.sleep(0.25)
        raise BenchError(
            f"{self.name} did not answer {path} within {timeout:.0f} s:\n{self.tail()}"
        )

    def workers(self) -> list[int]:
        return [
            pid
            for pid in children_of(self.process.pid)
            if "spawn_main" in _read(f"/proc/{pid}/cmdline").replace("\0", " ")
        ]

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        workers = children_of(self.process.pid)
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(STOP_GRACE_S)
        except subprocess.TimeoutExpired:
            say(f"{self.name} ignored TERM for {STOP_GRACE_S} s; sending KILL")
            self.process.kill()
            self.process.wait(10)
        for pid in workers:
            with suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)

    def tail(self, size: int = 3000) -> str:
        return _read(str(self.log))[-size:]

    def has_errors(self) -> bool:
        text = _read(str(self.log))
        return any(mark in text for mark in ("Traceback", "ERROR", "CRITICAL", "Exception"))


@contextmanager
def serving(server: Server) -> Iterator[Server]:
    try:
        yield server
    finally:
        server.stop()


# ------------------------------------------------------------------------------ seed data


@dataclass(slots=True)
class World:
    """What the scenarios need from the seeded data: ids, tokens, filter values."""

    ticket_ids: list[int]
    increment_ids: list[int]
    chat_ids: list[str]
    queue_id: str
    status: str
    case_status: str
    search_term: str
    uvdesk_token: str = ""
    marketplace_token: str = ""
    client_account: str = "Bench"
    notes: list[str] = field(default_factory=list)


def _get(manifest: Mapping[str, Any], *names: str, default: Any = None) -> Any:
    """The first of ``names`` present in the manifest (dotted names reach into objects)."""
    for name in names:
        value: Any = manifest
        for part in name.split("."):
            value = value.get(part) if isinstance(value, Mapping) else None
        if value not in (None, "", [], {}):
            return value
    return default


def _range(value: Any) -> list[int]:
    """``[first, last]``, ``{"first":..,"last":..}`` / ``{"min":..,"max":..}``, or ids."""
    if isinstance(value, Mapping):
        low = _get(value, "first", "min", "start", "low", "from")
        high = _get(value, "last", "max", "end", "high", "to")
        return list(range(int(low), int(high) + 1)) if low is not None and high is not None else []
    if isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value):
        return list(range(value[0], value[1] + 1))
    if isinstance(value, list):
        return [int(v) for v in value]
    return []


def _sample[T](values: list[T], seed: int) -> list[T]:
    return random.Random(seed).sample(values, MAX_IDS) if len(values) > MAX_IDS else values


def world_from(manifest: Mapping[str, Any], size: int) -> World:
    """What the scenarios need, read from bench/seed.py's manifest by key name."""
    increments = _range(_get(manifest, "tickets.increment_ids", "increment_ids"))
    tickets = _range(_get(manifest, "tickets.ids", "ticket_ids"))
    notes = []
    if not tickets and increments:
        tickets = list(range(1, len(increments) + 1))
        notes.append("the manifest has no internal ticket ids: took 1..N")
    chats = [str(chat) for chat in _get(manifest, "cases.chat_ids", "chat_ids", default=[])]
    tokens = _get(manifest, "tokens", default={})
    return World(
        ticket_ids=_sample(tickets, size),
        increment_ids=_sample(increments, size + 1),
        chat_ids=_sample(chats, size + 2),
        queue_id=str(_get(manifest, "cases.queue_id", "queue_id", default="")),
        status=str(_get(manifest, "status_filter.status", "status_id", default="1")),
        case_status=str(_get(manifest, "cases.rql_status", "case_status", default="Processing")),
        search_term=str(_get(manifest, "search.term", "search_term", default="printer")),
        uvdesk_token=str(_get(tokens, "uvdesk_admin", "uvdesk", default="")),
        marketplace_token=str(_get(tokens, "marketplace_client", "marketplace", default="")),
        client_account=str(
            _get(manifest, "accounts.marketplace_client.account_name", default="Bench")
        ),
        notes=notes,
    )


def seed(options: Options, size: int, env: Mapping[str, str], work: Path) -> dict[str, Any]:
    manifest_path = work / "manifest.json"
    cases = max(100, int(size * options.cases_ratio))
    argv = [
        str(BIN / "python"),
        str(options.seeder),
        "--database-url",
        env["HELPDESK_DATABASE_URL"],
        "--tickets",
        str(size),
        "--cases",
        str(cases),
        "--manifest",
        str(manifest_path),
    ]
    say(f"seeding {size:,} tickets and {cases:,} cases")
    started = time.perf_counter()
    done = subprocess.run(argv, env=dict(env), cwd=ROOT, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchError(f"the seeder failed ({done.returncode}); see its output above")
    manifest = json.loads(manifest_path.read_text())
    say(f"seeded in {seconds:.1f} s")
    return {
        "seconds": round(seconds, 2),
        "tickets": size,
        "cases": cases,
        "manifest": _without_ids(manifest),
    }


def _without_ids(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest for results.json: long id lists and tokens left out."""
    kept: dict[str, Any] = {}
    for key, value in manifest.items():
        if key == "tokens":
            continue
        if isinstance(value, list) and len(value) > 10:
            kept[key] = f"{len(value)} items"
        elif isinstance(value, Mapping):
            kept[key] = _without_ids(value)
        else:
            kept[key] = value
    return kept


def mint_tokens(world: World, env: Mapping[str, str]) -> str:
    """Tokens from the CLI where the manifest had none; says where they came from."""
    if world.uvdesk_token and world.marketplace_token:
        return "seed manifest"
    helpdesk = str(BIN / "helpdesk")

    def create(*argv: str) -> str:
        done = subprocess.run(
            [helpdesk, "token", "create", *argv],
            env=dict(env),
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode != 0:
            raise BenchError(f"helpdesk token create {' '.join(argv)} failed:\n{done.stderr}")
        return done.stdout.strip()

    if not world.uvdesk_token:
        world.uvdesk_token = create("--uvdesk-role", "admin", "--email", "bench-admin@example.com")
    if not world.marketplace_token:
        world.marketplace_token = create(
            "--account-type",
            "client",
            "--account-name",
            world.client_account,
            "--email",
            "bench@example.com",
        )
    return "helpdesk token create"


# ------------------------------------------------------------------------------ load


def scenario_env(
    scenario: scenarios.Scenario, world: World, files: Mapping[str, Path]
) -> dict[str, str]:
    env = {"BENCH_NAME": scenario.name, "BENCH_TOKEN": "", "BENCH_QUERY": ""}
    if scenario.face == "uvdesk":
        env["BENCH_TOKEN"] = world.uvdesk_token
    elif scenario.face == "marketplace":
        env["BENCH_TOKEN"] = world.marketplace_token
    if scenario.ids:
        env["BENCH_IDS"] = str(files[scenario.ids])
    if scenario.name == "list_filtered":
        env["BENCH_QUERY"] = f"status={world.status}&sort=t.updatedAt&direction=desc"
    elif scenario.name == "search":
        env["BENCH_QUERY"] = "search=" + urllib.parse.quote(world.search_term)
    elif scenario.name == "list_cases":
        env["BENCH_QUERY"] = f"eq(status,{world.case_status})&limit=25"
    elif scenario.name == "create_case":
        env["BENCH_QUEUE"] = world.queue_id
    return env


def _first(files: Mapping[str, Path], kind: str) -> str:
    return files[kind].read_text().split("\n", 1)[0]


def smoke_request(
    scenario: scenarios.Scenario, world: World, files: Mapping[str, Path]
) -> tuple[str, str, dict[str, Any] | None]:
    """The scenario's request as the wrk script sends it, once."""
    env = scenario_env(scenario, world, files)
    query = env["BENCH_QUERY"]
    bodies: dict[str, tuple[str, str, dict[str, Any] | None]] = {
        "healthz": ("GET", "/healthz", None),
        "floor_pk": ("GET", f"/ticket/{_first(files, 'tickets')}", None),
        "view_ticket": ("GET", f"/en/api/ticket/{_first(files, 'increments')}.json", None),
        "list_tickets": ("GET", "/en/api/tickets.json", None),
        "list_filtered": ("GET", f"/en/api/tickets.json?{query}", None),
        "search": ("GET", f"/en/api/tickets.json?{query}", None),
        "list_cases": ("GET", f"/public/v1/helpdesk/cases?{query}", None),
        "list_messages": (
            "GET",
            f"/public/v1/helpdesk/chats/{_first(files, 'chats')}/messages",
            None,
        ),
        "create_ticket": (
            "POST",
            "/en/api/tickets.json",
            {
                "name": "Customer 0",
                "from": "customer0@example.com",
                "subject": "Printer 0-0 does not print",
                "reply": "<p>Since this morning printer 0 shows error 0.</p>",
            },
        ),
        "add_reply": (
            "POST",
            f"/en/api/ticket/{_first(files, 'tickets')}/threads.json",
            {"threadType": "reply", "reply": "<p>We are on it (0).</p>"},
        ),
        "create_case": (
            "POST",
            "/public/v1/helpdesk/cases",
            {
                "queue": {"id": world.queue_id},
                "chat": {"lastMessage": {"content": "Help with order 0"}},
            },
        ),
        "post_message": (
            "POST",
            f"/public/v1/helpdesk/chats/{_first(files, 'chats')}/messages",
            {"content": "Any news on this? (0)"},
        ),
    }
    return bodies[scenario.name]


def smoke(
    scenario: scenarios.Scenario, base_url: str, world: World, files: Mapping[str, Path]
) -> str | None:
    """Send the scenario once; raise unless 2xx. Returns a note when a list came back empty."""
    method, path, body = smoke_request(scenario, world, files)
    token = scenario_env(scenario, world, files)["BENCH_TOKEN"]
    headers = {"Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = None
    if body is not None:
        data = json.dumps(body).encode()
        headers["Content-Type"] = "application/json"
    request = urllib.request.Request(base_url + path, data=data, method=method, headers=headers)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
            text = answer.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        detail = error.read().decode("utf-8", "replace")[:1000]
        raise BenchError(
            f"scenario {scenario.name}: {method} {path} answered {error.code}, not 2xx; "
            f"the benchmark would measure an error page:\n{detail}"
        ) from None
    if scenario.kind == "read" and method == "GET":
        with suppress(ValueError):
            document = json.loads(text)
            items = (
                document.get("tickets", document.get("data"))
                if isinstance(document, dict)
                else None
            )
            if isinstance(items, list) and not items:
                return f"{scenario.name}: {path} answered an empty list"
    return None


def drain(base_url: str, path: str, limit: float = 60) -> None:
    """Wait until the server has worked off what the last run left queued."""
    deadline = time.monotonic() + limit
    quick = 0
    while quick < 2 and time.monotonic() < deadline:
        began = time.perf_counter()
        try:
            with urllib.request.urlopen(base_url + path, timeout=10) as answer:  # noqa: S310
                answer.read()
            quick = quick + 1 if time.perf_counter() - began < 0.1 else 0
        except OSError:
            quick = 0
        time.sleep(0.1)


def run_wrk(
    scenario: scenarios.Scenario,
    base_url: str,
    connections: int,
    seconds: int,
    env: Mapping[str, str],
) -> dict[str, Any]:
    argv = [
        "wrk",
        f"-t{min(2, connections)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        str(scenario.path),
        base_url,
    ]
    done = subprocess.run(
        argv,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=seconds + 60,
        check=False,
    )
    if done.returncode != 0:
        raise BenchError(
            f"wrk failed for {scenario.name} ({done.returncode}):\n{done.stderr}{done.stdout}"
        )
    row = report.parse_wrk_output(done.stdout)
    row.update({"scenario": scenario.name, "connections": connections, "seconds": seconds})
    return row


def load(
    server_scenarios: Sequence[scenarios.Scenario],
    base_url: str,
    *,
    drain_path: str,
    options: Options,
    world: World,
    files: Mapping[str, Path],
) -> list[dict[str, Any]]:
    rows = []
    for scenario in server_scenarios:
        for connections in options.connections:
            drain(base_url, drain_path)
            row = run_wrk(
                scenario,
                base_url,
                connections,
                options.seconds,
                scenario_env(scenario, world, files),
            )
            flag = f"  ERRORS {row['errors']}: {row['first_error'][:200]}" if row["errors"] else ""
            say(
                f"  {scenario.name:<14} c={connections:<3} {row['rps']:>9.1f} req/s  "
                f"p50 {row['p50_ms']:.1f}  p99 {row['p99_ms']:.1f} ms{flag}"
            )
            rows.append(row)
    return rows


# ------------------------------------------------------------------------------ one size


def database_url(database: str, size: int, work: Path, admin_url: str) -> str:
    if database == "sqlite":
        return f"sqlite+aiosqlite:///{work / 'bench.sqlite3'}"
    return with_database(admin_url, f"helpdesk_bench_{size}", "postgresql+asyncpg")


def write_ids(world: World, work: Path) -> dict[str, Path]:
    files = {}
    for kind, ids in (
        ("tickets", world.ticket_ids),
        ("increments", world.increment_ids),
        ("chats", world.chat_ids),
    ):
        path = work / f"{kind}.txt"
        path.write_text("".join(f"{value}\n" for value in ids))
        files[kind] = path
    return files


def bench_one(
    database: str,
    size: int,
    options: Options,
    *,
    admin_url: str,
    folder: Path,
    results: dict[str, Any],
) -> dict[str, Any]:
    """Seed a fresh database of ``size`` tickets, load the served app and the floor app."""
    work = Path(tempfile.mkdtemp(prefix=f"helpdesk-bench-{database}-{size}-", dir=options.work_dir))
    url = database_url(database, size, work, admin_url)
    name = f"helpdesk_bench_{size}"
    run: dict[str, Any] = {
        "database": database,
        "size": size,
        "results": [],
        "rss": [],
        "notes": [],
    }
    if database == "postgres":
        _pg(
            admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"'
        )
    env = {
        **os.environ,
        "HELPDESK_DATABASE_URL": url,
        "HELPDESK_STORAGE_DIR": str(work / "files"),
        "HELPDESK_SECRET_KEY": SECRET_KEY,
        "HELPDESK_LOG_LEVEL": "WARNING",
        "HELPDESK_RATE_LIMIT_PER_MINUTE": "1000000000",
    }
    try:
        run["seed"] = seed(options, size, env, work)
        world = world_from(json.loads((work / "manifest.json").read_text()), size)
        run["notes"] += world.notes
        run["tokens"] = mint_tokens(world, env)
        files = write_ids(world, work)
        if not results.get("fsync") and database == "sqlite":
            say(f"timing the fsync floor in {work} for {options.seconds} s")
            results["fsync"] = fsync_floor.measure(work, options.seconds)
            say(f"  {results['fsync']['fsyncs_per_s']} fsyncs/s")
        load_served(run, env, options=options, world=world, files=files, folder=folder)
        load_floor(
            run, {**env, "FLOOR_DATABASE_URL": url}, options=options, world=world, files=files
        )
    finally:
        if database == "postgres":
            with suppress(Exception):
                _pg(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(work, ignore_errors=True)
    return run


def load_served(
    run: dict[str, Any],
    env: Mapping[str, str],
    *,
    options: Options,
    world: World,
    files: Mapping[str, Path],
    folder: Path,
) -> None:
    """``helpdesk serve --workers 2``: every scenario at every connection count, then RSS."""
    log = files["tickets"].parent / "server.log"
    argv = [str(BIN / "helpdesk"), "serve", "--workers", "2", "--host", "127.0.0.1"]
    with serving(Server("helpdesk serve", argv, env, log)) as server:
        server.wait_ready("/healthz")
        say(f"serving on {server.base_url}; checking each scenario once")
        for scenario in scenarios.SERVED:
            note = smoke(scenario, server.base_url, world, files)
            if note:
                say(f"  note: {note}")
                run["notes"].append(note)
        run["results"] += load(
            scenarios.SERVED,
            server.base_url,
            drain_path="/healthz",
            options=options,
            world=world,
            files=files,
        )
        drain(server.base_url, "/healthz")
        run["rss"] = [memory_of(pid) for pid in server.workers()]
        say("  worker RSS: " + ", ".join(f"{w['rss_mb']:.0f} MB" for w in run["rss"]))
    if server.has_errors():
        kept = folder / f"server-{run['database']}-{run['size']}.log"
        kept.write_text(server.tail(200_000))
        run["server_log"] = kept.name
        say(f"  the server logged errors: kept in {kept}")


def load_floor(
    run: dict[str, Any],
    env: Mapping[str, str],
    *,
    options: Options,
    world: World,
    files: Mapping[str, Path],
) -> None:
    """bench/floor_app.py under uvicorn with 2 workers: the primary-key read."""
    argv = [
        str(BIN / "uvicorn"),
        "--app-dir",
        str(ROOT / "bench"),
        "floor_app:app",
        "--workers",
        "2",
        "--host",
        "127.0.0.1",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    probe = f"/ticket/{_first(files, 'tickets')}"
    log = files["tickets"].parent / "floor.log"
    with serving(Server("floor app", argv, env, log)) as floor:
        floor.wait_ready(probe)
        smoke(scenarios.FLOOR_PK, floor.base_url, world, files)
        say(f"floor app on {floor.base_url}")
        run["results"] += load(
            [scenarios.FLOOR_PK],
            floor.base_url,
            drain_path=probe,
            options=options,
            world=world,
            files=files,
        )


# ------------------------------------------------------------------------------ peer


def peer_dir() -> Path:
    given = os.environ.get("BENCH_PEER_DIR")
    return Path(given) if given else ROOT.parent / "shared" / "bench" / "peer-django-helpdesk"


def run_peer(options: Options, seed_count: int, folder: Path) -> dict[str, Any]:
    harness = peer_dir()
    if not (harness / "run_all.sh").exists():
        return {"status": f"the peer harness is not at {harness} (set BENCH_PEER_DIR)", "rows": []}
    peer: dict[str, Any] = {"status": "ok", "seed_count": seed_count, "rows": [], "runs": []}
    for connections in options.peer_connections:
        out = Path(tempfile.mkdtemp(prefix="peer-results-", dir=options.work_dir))
        argv = [
            "bash",
            str(harness / "run_all.sh"),
            "--engine",
            "wrk",
            "--duration",
            str(options.seconds),
            "--concurrency",
            str(connections),
            # wrk refuses fewer connections than threads (the harness's default is 2).
            "--wrk-threads",
            str(min(2, connections)),
            "--seed-count",
            str(seed_count),
            "--scenarios",
            PEER_QUICK_SCENARIOS if options.quick else PEER_SCENARIOS,
            "--out-dir",
            str(out),
            "--label",
            f"c{connections}",
        ]
        say(f"peer: django-helpdesk at c={connections}, {seed_count:,} tickets")
        log = folder / f"peer-c{connections}.log"
        with log.open("w") as output:
            done = subprocess.run(
                argv,
                env={**os.environ, "PEER_DB": "sqlite"},
                stdout=output,
                stderr=subprocess.STDOUT,
                check=False,
            )
        found = sorted(out.glob("*.json"))
        if done.returncode != 0 or not found:
            peer["status"] = (
                f"the peer harness failed at c={connections} (exit {done.returncode}); "
                f"see {log.name}"
            )
            shutil.rmtree(out, ignore_errors=True)
            break
        raw = json.loads(found[-1].read_text())
        shutil.rmtree(out, ignore_errors=True)
        log.unlink()
        peer["runs"].append(raw)
        for row in raw.get("rows", []):
            peer["rows"].append({**row, "connections": connections})
            say(
                f"  peer {row['scenario']:<9} c={connections:<3} {row['rps']} req/s  "
                f"p99 {row['p99_ms']} ms"
            )
    return peer


# ------------------------------------------------------------------------------ main


def results_folder(options: Options, tag: str, date: str) -> Path:
    folder = options.out / f"{date}-{tag}{'-quick' if options.quick else ''}"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("*.log"):
        stale.unlink()
    return folder


def save(results: Mapping[str, Any], folder: Path) -> None:
    (folder / "results.json").write_text(json.dumps(results, indent=1) + "\n")


def point_readme(options: Options, folder: Path) -> None:
    readme = options.out / "README.md"
    lines = [
        "# Benchmark results",
        "",
        "Each folder is one run of `make bench` (`-quick`: `make bench SIZE=N`): results.json "
        "(everything raw), report.md and latency.png.",
        "",
        f"Latest run: [{folder.name}]({folder.name}/report.md)",
        "",
    ]
    readme.write_text("\n".join(lines))


def main(argv: Sequence[str] | None = None) -> int:
    options = parse_options(argv)
    if not options.seeder.exists():
        raise BenchError(f"the seeder {options.seeder} is missing")
    ensure_wrk()
    options.work_dir.mkdir(parents=True, exist_ok=True)
    started = time.time()
    machine = machine_facts(options.work_dir)
    date = datetime.now(UTC).strftime("%Y-%m-%d")
    tag = report.host_tag(machine["cpu"], machine["nproc"] or 0)
    folder = results_folder(options, tag, date)
    admin_url = os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    results: dict[str, Any] = {
        "schema": 1,
        "date": date,
        "tag": tag,
        "command": "make bench" + (f" SIZE={options.sizes[0]}" if options.quick else ""),
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "options": {
            "sizes": options.sizes,
            "seconds": options.seconds,
            "connections": options.connections,
            "databases": options.databases,
            "quick": options.quick,
            "cases_ratio": options.cases_ratio,
            "peer_connections": [] if options.skip_peer else options.peer_connections,
        },
        "machine": machine,
        "unavailable": {},
        "runs": [],
        "fsync": None,
        "peer": {"status": "skipped (--skip-peer)", "rows": []},
    }
    databases = list(options.databases)
    if "postgres" in databases:
        try:
            machine["postgres"] = postgres_version(admin_url)
        except Exception as error:  # any failure means: go on without it
            reason = f"PostgreSQL at {admin_url} is unreachable ({type(error).__name__}: {error})"
            say(reason + "; going on with SQLite")
            results["unavailable"]["postgres"] = reason
            databases.remove("postgres")
    for database in databases:
        for size in options.sizes:
            say(f"=== {database}, {size:,} tickets ===")
            results["runs"].append(
                bench_one(
                    database, size, options, admin_url=admin_url, folder=folder, results=results
                )
            )
            save(results, folder)
    if not results["fsync"]:
        results["fsync"] = fsync_floor.measure(options.work_dir, options.seconds)
    if not options.skip_peer:
        results["peer"] = run_peer(options, options.sizes[0], folder)
    results["finished_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    results["duration_s"] = round(time.time() - started, 1)
    save(results, folder)
    report.write(results, folder)
    point_readme(options, folder)
    say(f"report: {folder / 'report.md'} ({results['duration_s'] / 60:.1f} min)")
    for target in report.targets(results):
        say(f"  {target.status:<8} {target.name}: {target.measured}")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BenchError as error:
        print(f"bench: {error}", file=sys.stderr)
        sys.exit(1)
