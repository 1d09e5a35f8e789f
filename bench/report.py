"""The suite's pure parts: read wrk's result line, judge the targets, write report.md and
latency.png from results.json. No network, no processes.

Re-render a saved run: .venv/bin/python -m bench.report bench/results/<run>/results.json
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import scenarios

Row = Mapping[str, Any]

# Targets of issue 11 (2 workers, 32 connections, SQLite unless said).
HEADLINE_CONNECTIONS = 32
WRITE_FACTOR = 10.0  # at least 10x the peer's req/s
READ_SHARE = 0.5  # at least half of /healthz req/s
READ_P99_MS = 50.0
PAGE_GROWTH = 1.5  # first page at the largest size at most 1.5x the page at the smallest
SEARCH_SIZE = 1_000_000
SEARCH_P95_MS = 100.0
RSS_MB = 200.0

# Our write scenario and the peer scenario it is compared with.
WRITE_PAIRS = (
    ("create_ticket", "create"),
    ("add_reply", "followup"),
    ("create_case", "create"),
    ("post_message", "create"),
)
READS = ("view_ticket", "list_tickets", "list_cases", "search")
DATABASE_TITLES = {"sqlite": "SQLite", "postgres": "PostgreSQL"}


def parse_wrk_output(stdout: str) -> dict[str, Any]:
    """The JSON line a script's ``done()`` printed, with ``errors`` totalled.

    ``errors`` counts every answer outside 2xx plus every socket error (connect, read,
    write, timeout)."""
    for line in reversed(stdout.splitlines()):
        if line.startswith("{"):
            found: dict[str, Any] = json.loads(line)
            if "requests" in found:
                found["errors"] = found["non_2xx"] + sum(found["socket_errors"].values())
                return found
    raise ValueError("wrk printed no result line:\n" + stdout[-2000:])


def host_tag(cpu_model: str, cores: int) -> str:
    """A short folder-name tag for a machine: ``xeon-platinum-8375c-2c``."""
    noise = {"intel", "amd", "cpu", "processor", "core", "with", "radeon", "graphics"}
    words = re.sub(r"\((r|tm)\)|@.*$|\d+-core", " ", cpu_model.lower()).split()
    kept = [re.sub(r"[^a-z0-9]+", "", word) for word in words]
    kept = [word for word in kept if word and word not in noise][:3]
    return "-".join([*kept, f"{cores}c"])


@dataclass(frozen=True, slots=True)
class Target:
    name: str
    measured: str
    status: str  # "met", "not met" or "n/a"


def find(
    results: Mapping[str, Any], database: str, size: int, scenario: str, connections: int
) -> Row | None:
    for run in results.get("runs", []):
        if run["database"] != database or run["size"] != size:
            continue
        for row in run.get("results", []):
            if row["scenario"] == scenario and row["connections"] == connections:
                return row
    return None


def peer_row(results: Mapping[str, Any], scenario: str, connections: int) -> Row | None:
    for row in (results.get("peer") or {}).get("rows", []):
        if row["scenario"] == scenario and row["connections"] == connections:
            return row
    return None


def sizes_of(results: Mapping[str, Any], database: str) -> list[int]:
    return sorted({run["size"] for run in results.get("runs", []) if run["database"] == database})


def _fmt(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _latencies(row: Row) -> list[str]:
    """p50, p95, p99; none when no request finished (wrk times only finished ones)."""
    if not row.get("requests"):
        return ["-", "-", "-"]
    return [_fmt(row.get(key)) for key in ("p50_ms", "p95_ms", "p99_ms")]


def _errors(row: Row) -> str:
    return f"{row['errors']:,} / {row['requests']:,}" if row.get("errors") else "0"


def _status(ok: bool) -> str:
    return "met" if ok else "not met"


def _write_targets(results: Mapping[str, Any]) -> list[Target]:
    found: list[Target] = []
    sizes = sizes_of(results, "sqlite")
    for ours, theirs in WRITE_PAIRS:
        name = f"{scenarios.BY_NAME[ours].title} >= {WRITE_FACTOR:g}x peer {theirs} (SQLite, c=32)"
        row = find(results, "sqlite", sizes[0], ours, HEADLINE_CONNECTIONS) if sizes else None
        peer = peer_row(results, theirs, HEADLINE_CONNECTIONS)
        if row is None or peer is None or not peer.get("rps"):
            found.append(Target(name, "not measured (needs ours and the peer's at c=32)", "n/a"))
            continue
        ratio = row["rps"] / peer["rps"]
        measured = (
            f"{_fmt(row['rps'])} vs {_fmt(peer['rps'])} req/s = {ratio:.1f}x "
            f"({sizes[0]:,} tickets; errors {row['errors']})"
        )
        found.append(Target(name, measured, _status(ratio >= WRITE_FACTOR and not row["errors"])))
    return found


def _read_targets(results: Mapping[str, Any]) -> list[Target]:
    found: list[Target] = []
    for size in sizes_of(results, "sqlite"):
        floor = find(results, "sqlite", size, "healthz", HEADLINE_CONNECTIONS)
        for scenario in READS:
            title = scenarios.BY_NAME[scenario].title
            name = (
                f"{title}: >= {READ_SHARE:g}x /healthz req/s and p99 <= {READ_P99_MS:g} ms "
                f"(SQLite, {size:,} tickets, c=32)"
            )
            row = find(results, "sqlite", size, scenario, HEADLINE_CONNECTIONS)
            if row is None or floor is None or not floor.get("rps"):
                found.append(Target(name, "not measured", "n/a"))
                continue
            share = row["rps"] / floor["rps"]
            measured = (
                f"{_fmt(row['rps'])} req/s = {share:.2f}x of {_fmt(floor['rps'])}; "
                f"p99 {_fmt(row['p99_ms'])} ms; errors {row['errors']}"
            )
            ok = share >= READ_SHARE and row["p99_ms"] <= READ_P99_MS and not row["errors"]
            found.append(Target(name, measured, _status(ok)))
    return found


def _page_targets(results: Mapping[str, Any]) -> list[Target]:
    found: list[Target] = []
    for database in ("sqlite", "postgres"):
        sizes = sizes_of(results, database)
        name = (
            f"first page p50 (c=1) at the largest size <= {PAGE_GROWTH:g}x at the smallest "
            f"({DATABASE_TITLES[database]})"
        )
        if len(sizes) < 2:
            found.append(Target(name, f"needs two sizes; measured {sizes or 'none'}", "n/a"))
            continue
        small = find(results, database, sizes[0], "list_tickets", 1)
        large = find(results, database, sizes[-1], "list_tickets", 1)
        if small is None or large is None or not (small["requests"] and large["requests"]):
            found.append(Target(name, "not measured", "n/a"))
            continue
        growth = large["p50_ms"] / small["p50_ms"]
        measured = (
            f"{_fmt(large['p50_ms'])} ms at {sizes[-1]:,} vs {_fmt(small['p50_ms'])} ms at "
            f"{sizes[0]:,} = {growth:.2f}x"
        )
        ok = growth <= PAGE_GROWTH and not large["errors"] and not small["errors"]
        found.append(Target(name, measured, _status(ok)))
    return found


def _search_target(results: Mapping[str, Any]) -> Target:
    name = f"search p95 <= {SEARCH_P95_MS:g} ms at {SEARCH_SIZE:,} tickets (PostgreSQL, c=32)"
    row = find(results, "postgres", SEARCH_SIZE, "search", HEADLINE_CONNECTIONS)
    if row is None:
        sizes = sizes_of(results, "postgres")
        largest = find(results, "postgres", sizes[-1], "search", 32) if sizes else None
        note = (
            f"not measured at {SEARCH_SIZE:,}; p95 {_latencies(largest)[1]} ms at {sizes[-1]:,}"
            if largest
            else "not measured"
        )
        return Target(name, note, "n/a")
    measured = f"p95 {_latencies(row)[1]} ms; errors {row['errors']}"
    ok = bool(row["requests"]) and row["p95_ms"] <= SEARCH_P95_MS and not row["errors"]
    return Target(name, measured, _status(ok))


def _rss_target(results: Mapping[str, Any]) -> Target:
    name = f"worker RSS after the runs <= {RSS_MB:g} MB"
    measured = [
        (worker["rss_mb"], run["database"], run["size"])
        for run in results.get("runs", [])
        for worker in run.get("rss", [])
    ]
    if not measured:
        return Target(name, "not measured", "n/a")
    rss, database, size = max(measured)
    where = f"{DATABASE_TITLES.get(database, database)}, {size:,} tickets"
    return Target(name, f"largest {_fmt(rss)} MB ({where})", _status(rss <= RSS_MB))


def targets(results: Mapping[str, Any]) -> list[Target]:
    """Every target of issue 11, judged from the numbers of one run."""
    return [
        *_write_targets(results),
        *_read_targets(results),
        *_page_targets(results),
        _search_target(results),
        _rss_target(results),
    ]


# ------------------------------------------------------------------------------ markdown


def _table(header: Iterable[str], rows: Iterable[Iterable[object]], right_from: int) -> list[str]:
    names = list(header)
    align = ["---" if i < right_from else "---:" for i in range(len(names))]
    lines = ["| " + " | ".join(names) + " |", "|" + "|".join(align) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return lines


def _result_rows(run_list: list[Row]) -> list[list[object]]:
    rows: list[list[object]] = []
    order = {scenario.name: index for index, scenario in enumerate(scenarios.ALL)}
    ordered = sorted(
        ((run, row) for run in run_list for row in run.get("results", [])),
        key=lambda pair: (
            order.get(pair[1]["scenario"], 99),
            pair[0]["size"],
            pair[1]["connections"],
        ),
    )
    for run, row in ordered:
        scenario = scenarios.BY_NAME.get(row["scenario"])
        rows.append(
            [
                scenario.title if scenario else row["scenario"],
                f"{run['size']:,}",
                row["connections"],
                _fmt(row["rps"]),
                *_latencies(row),
                _errors(row) if row["requests"] else "none finished",
            ]
        )
    return rows


PEER_OF = {
    "create_ticket": "create",
    "add_reply": "followup",
    "view_ticket": "get",
    "list_tickets": "list",
}


def headline_lines(results: Mapping[str, Any]) -> list[str]:
    """Every scenario at the smallest size and 32 connections (or the most measured), both
    databases and the peer side by side."""
    every_c = sorted({row["connections"] for _, row in _rows_of(results, None)})
    c = HEADLINE_CONNECTIONS if HEADLINE_CONNECTIONS in every_c else max(every_c, default=1)
    databases = [db for db in ("sqlite", "postgres") if sizes_of(results, db)]
    header = ["scenario"]
    for database in databases:
        title = DATABASE_TITLES[database]
        header += [f"{title} req/s", f"{title} p99 ms"]
    header.append("peer req/s")
    rows = []
    for scenario in scenarios.ALL:
        cells: list[object] = [scenario.title]
        for database in databases:
            found = find(results, database, sizes_of(results, database)[0], scenario.name, c)
            if found is None:
                cells += ["-", "-"]
            else:
                p99 = _latencies(found)[2] if found["requests"] else "none finished"
                cells += [_fmt(found["rps"]), p99]
        peer = peer_row(results, PEER_OF.get(scenario.name, ""), c)
        if peer is None:
            cells.append("-")
        else:
            cells.append(_fmt(peer["rps"]) if peer.get("requests") else "none finished")
        rows.append(cells)
    sizes = ", ".join(f"{DATABASE_TITLES[db]} {sizes_of(results, db)[0]:,}" for db in databases)
    intro = f"c={c} at the smallest size ({sizes} tickets); the peer as in its own section."
    return [intro, "", *_table(header, rows, right_from=1)]


def _machine_lines(machine: Mapping[str, Any]) -> list[str]:
    facts = [
        ("CPU", f"{machine.get('cpu')} ({machine.get('nproc')} cores)"),
        ("RAM", f"{machine.get('ram_gib')} GiB"),
        ("kernel", machine.get("kernel")),
        ("data directory filesystem", machine.get("data_filesystem")),
        ("Python", machine.get("python")),
        ("SQLite", machine.get("sqlite")),
        ("PostgreSQL", machine.get("postgres") or "not available"),
        ("wrk", machine.get("wrk")),
        ("git commit", machine.get("git_commit")),
        ("load average at start", machine.get("load_average")),
    ]
    return _table(["fact", "value"], facts, right_from=2)


def _seed_lines(results: Mapping[str, Any]) -> list[str]:
    rows = []
    for run in results.get("runs", []):
        seed = run.get("seed") or {}
        manifest = seed.get("manifest") or {}
        counts = manifest.get("counts") or {}
        phases = manifest.get("seconds") or manifest.get("phases") or {}
        phase_text = ", ".join(
            f"{name} {_fmt(value)} s"
            for name, value in phases.items()
            if isinstance(value, int | float)
        )
        rows.append(
            [
                DATABASE_TITLES.get(run["database"], run["database"]),
                f"{run['size']:,}",
                ", ".join(
                    f"{name} {value:,}" for name, value in counts.items() if isinstance(value, int)
                )
                or "-",
                _fmt(seed.get("seconds")),
                phase_text or "-",
            ]
        )
    return _table(["database", "size", "rows", "seconds", "phases"], rows, right_from=3)


def _peer_lines(results: Mapping[str, Any]) -> list[str]:
    peer = results.get("peer") or {}
    if not peer.get("rows"):
        return [f"Not run: {peer.get('status', 'skipped')}."]
    lines = [
        f"django-helpdesk via ../shared/bench/peer-django-helpdesk (its DRF ticket API, gunicorn "
        f"2 sync workers, SQLite, {peer.get('seed_count', '?'):,} tickets seeded through its API; "
        "its list and view read every ticket, see its README).",
        "",
    ]
    rows = [
        [
            scenarios.PEER_TITLES.get(row["scenario"], row["scenario"]),
            row["connections"],
            f"{row['tickets_in_db']:,}" if row.get("tickets_in_db") else "-",
            _fmt(row["rps"]),
            *_latencies(row),
            _errors(row) if row.get("requests") else "none finished",
        ]
        for row in peer["rows"]
    ]
    header = ["scenario", "c", "tickets", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
    return lines + _table(header, rows, right_from=1)


def _rss_lines(results: Mapping[str, Any]) -> list[str]:
    rows = [
        [
            DATABASE_TITLES.get(run["database"], run["database"]),
            f"{run['size']:,}",
            worker["pid"],
            _fmt(worker["rss_mb"]),
            _fmt(worker.get("peak_mb")),
        ]
        for run in results.get("runs", [])
        for worker in run.get("rss", [])
    ]
    return _table(["database", "size", "worker pid", "RSS MB", "peak MB"], rows, right_from=3)


def render_markdown(results: Mapping[str, Any]) -> str:
    machine = results.get("machine", {})
    options = results.get("options", {})
    lines = [
        f"# Benchmark of {results.get('date', '?')} ({results.get('tag', '')})",
        "",
        f"`{results.get('command', 'make bench')}`: sizes "
        f"{', '.join(f'{s:,}' for s in options.get('sizes', []))} tickets; "
        f"{options.get('seconds')} s per run; wrk at "
        f"{', '.join(str(c) for c in options.get('connections', []))} connections "
        "(threads = min(2, c), 10 s timeout); `helpdesk serve --workers 2`; the whole run took "
        f"{_fmt(results.get('duration_s', 0) / 60)} min. Load generator and server share the "
        "machine's cores. Errors are answers outside 2xx plus socket errors.",
        "",
        "## Headline",
        "",
        *headline_lines(results),
        "",
        "## Machine",
        "",
        *_machine_lines(machine),
        "",
        "## Seeding (bench/seed.py)",
        "",
        *_seed_lines(results),
        "",
    ]
    for database, reason in (results.get("unavailable") or {}).items():
        lines += [f"**{DATABASE_TITLES.get(database, database)} not measured:** {reason}", ""]
    header = ["scenario", "size", "c", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors"]
    for database in ("sqlite", "postgres"):
        run_list = [run for run in results.get("runs", []) if run["database"] == database]
        if not run_list:
            continue
        lines += [f"## {DATABASE_TITLES[database]}", ""]
        lines += _table(header, _result_rows(run_list), right_from=1)
        lines.append("")
        for run in run_list:
            if run.get("server_log"):
                lines += [f"Server log with errors ({run['size']:,}): `{run['server_log']}`", ""]
    fsync = results.get("fsync") or {}
    lines += ["## fsync floor", ""]
    if fsync.get("fsyncs_per_s"):
        lines += [
            f"One writer, one 4 KiB page written and fsynced per step in the SQLite data "
            f"directory ({machine.get('data_filesystem')}): **{_fmt(fsync['fsyncs_per_s'])} "
            f"fsyncs/s** (p50 {fsync['p50_ms']} ms, p99 {fsync['p99_ms']} ms) over "
            f"{fsync['seconds']} s.",
            "",
        ]
    else:
        lines += ["Not measured.", ""]
    lines += ["## Peer", "", *_peer_lines(results), ""]
    lines += ["## Worker RSS (after the runs)", "", *_rss_lines(results), ""]
    found = targets(results)
    met = sum(target.status == "met" for target in found)
    judged = sum(target.status != "n/a" for target in found)
    lines += [
        "## Targets",
        "",
        f"{met} of {judged} judged targets met ({len(found) - judged} not measurable in this run).",
        "",
    ]
    lines += _table(
        ["target", "measured", "status"],
        (
            [t.name, t.measured, f"**{t.status}**" if t.status == "not met" else t.status]
            for t in found
        ),
        right_from=3,
    )
    lines += [
        "",
        "## Latency",
        "",
        "![latency against table size and connections](latency.png)",
        "",
    ]
    return "\n".join(lines)


# ------------------------------------------------------------------------------ plot


def plot(results: Mapping[str, Any], path: Path) -> bool:
    """latency.png: p50 and p99 against table size (at 32 connections, or the most measured)
    and against connections (at the largest size), a pair of panels per scenario. False when
    matplotlib is missing."""
    try:
        import matplotlib  # noqa: PLC0415  (optional)

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt  # noqa: PLC0415
    except ImportError:
        return False
    measured = [scenario for scenario in scenarios.ALL if _rows_of(results, scenario.name)]
    columns = 2  # scenarios per figure row, each with two panels
    rows = max(1, -(-len(measured) // columns))
    figure, axes = plt.subplots(rows, columns * 2, figsize=(20, 3.8 * rows), squeeze=False)
    every_c = sorted({row["connections"] for _, row in _rows_of(results, None)})
    headline = HEADLINE_CONNECTIONS if HEADLINE_CONNECTIONS in every_c else max(every_c, default=1)
    for index, scenario in enumerate(measured):
        first = (index % columns) * 2
        by_size, by_connections = axes[index // columns][first : first + 2]
        size_ticks: set[int] = set()
        connection_ticks: set[int] = set()
        for database, colour in (("sqlite", "tab:blue"), ("postgres", "tab:orange")):
            sizes = sizes_of(results, database)
            if not sizes:
                continue
            label = DATABASE_TITLES[database]
            points = [
                (size, row)
                for size in sizes
                if (row := find(results, database, size, scenario.name, headline))
            ]
            size_ticks |= {size for size, _ in points}
            _lines(by_size, points, colour, label)
            points = sorted(
                (row["connections"], row)
                for run, row in _rows_of(results, scenario.name)
                if run["database"] == database and run["size"] == sizes[-1]
            )
            connection_ticks |= {c for c, _ in points}
            _lines(by_connections, points, colour, f"{label}, {sizes[-1]:,} tickets")
        by_size.set_title(f"{scenario.title}: by table size (c={headline})", fontsize=10)
        by_size.set_xlabel("tickets in the database")
        by_size.set_xscale("log")
        by_connections.set_title(f"{scenario.title}: by connections (largest size)", fontsize=10)
        by_connections.set_xlabel("connections")
        by_connections.set_xscale("log")
        for axis, ticks in ((by_size, size_ticks), (by_connections, connection_ticks)):
            _style(axis, ticks)
    for index in range(len(measured), rows * columns):
        first = (index % columns) * 2
        for axis in axes[index // columns][first : first + 2]:
            axis.set_visible(False)
    figure.suptitle(
        f"Latency, p50 (solid) and p99 (dashed): {results.get('date', '')} "
        f"{results.get('tag', '')}",
        fontsize=13,
    )
    figure.tight_layout(rect=(0, 0, 1, 0.98))
    figure.savefig(path, dpi=80)
    plt.close(figure)
    return True


def _style(axis: Any, ticks: set[int]) -> None:
    """Log axes with plain labels: the x ticks where there are points, ms on y."""
    from matplotlib.ticker import FixedLocator, FuncFormatter, NullLocator  # noqa: PLC0415

    axis.xaxis.set_major_locator(FixedLocator(sorted(ticks)))
    axis.xaxis.set_minor_locator(NullLocator())
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: _short(value)))
    axis.set_ylabel("latency, ms")
    axis.set_yscale("log")
    axis.yaxis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:g}"))
    axis.yaxis.set_minor_formatter(FuncFormatter(_minor_label))
    axis.grid(True, which="both", alpha=0.3)
    if axis.lines:
        axis.legend(fontsize=7)
    else:
        axis.text(0.5, 0.5, "not measured", ha="center", transform=axis.transAxes)


def _minor_label(value: float, _position: int) -> str:
    """Label 2, 3 and 5 between the decades, so that an axis within one decade has labels."""
    leading = f"{value:.0e}"[0]
    return f"{value:g}" if leading in "235" else ""


def _short(value: float) -> str:
    for unit, name in ((1_000_000, "M"), (1_000, "k")):
        if value >= unit:
            return f"{value / unit:g}{name}"
    return f"{value:g}"


def _rows_of(results: Mapping[str, Any], scenario: str | None) -> list[tuple[Row, Row]]:
    return [
        (run, row)
        for run in results.get("runs", [])
        for row in run.get("results", [])
        if scenario is None or row["scenario"] == scenario
    ]


def _lines(axis: Any, points: list[tuple[int, Row]], colour: str, label: str) -> None:
    points = [(x, row) for x, row in points if row["requests"]]  # none finished: no latency
    if not points:
        return
    xs = [x for x, _ in points]
    axis.plot(xs, [r["p50_ms"] for _, r in points], "o-", color=colour, label=f"{label} p50")
    axis.plot(xs, [r["p99_ms"] for _, r in points], "s--", color=colour, label=f"{label} p99")


def write(results: Mapping[str, Any], folder: Path) -> None:
    (folder / "report.md").write_text(render_markdown(results))
    if not plot(results, folder / "latency.png"):
        print("matplotlib is not installed: no latency.png (make bench installs it)")


def main() -> None:
    parser = argparse.ArgumentParser(description="Re-render report.md and latency.png.")
    parser.add_argument("results", type=Path, help="a results.json written by bench/suite.py")
    args = parser.parse_args()
    write(json.loads(args.results.read_text()), args.results.parent)


if __name__ == "__main__":
    main()
