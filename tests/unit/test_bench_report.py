"""The benchmark suite's pure parts: wrk's result line, the targets, the report, the manifest.

No timing, no network: the numbers here are made up.
"""

from __future__ import annotations

from typing import Any

import pytest

from bench import report, suite

WRK_STDOUT = """Running 3s test @ http://127.0.0.1:8000
  2 threads and 32 connections
Requests/sec:    812.40
{"scenario":"view_ticket","requests":2437,"duration_s":3.000,"rps":812.33,"p50_ms":30.1,\
"p95_ms":61.0,"p99_ms":80.5,"max_ms":120.0,"non_2xx":3,\
"socket_errors":{"connect":0,"read":1,"write":0,"timeout":2},"first_error":"500 boom"}
"""


def row(scenario: str, connections: int, rps: float, **latency: float) -> dict[str, Any]:
    return {
        "scenario": scenario,
        "connections": connections,
        "rps": rps,
        "requests": int(rps * 5),
        "errors": int(latency.pop("errors", 0)),
        "p50_ms": latency.get("p50_ms", 10.0),
        "p95_ms": latency.get("p95_ms", 20.0),
        "p99_ms": latency.get("p99_ms", 30.0),
    }


def results(*runs: dict[str, Any], peer: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    return {"runs": list(runs), "peer": {"rows": peer or [], "status": "ok", "seed_count": 1000}}


def run(database: str, size: int, *rows: dict[str, Any], rss: float = 120.0) -> dict[str, Any]:
    return {
        "database": database,
        "size": size,
        "results": list(rows),
        "rss": [{"pid": 1, "rss_mb": rss, "peak_mb": rss}],
    }


def status_of(found: list[report.Target], starts: str) -> str:
    (target,) = [target for target in found if target.name.startswith(starts)]
    return target.status


def test_the_wrk_line_is_read_and_its_errors_totalled() -> None:
    parsed = report.parse_wrk_output(WRK_STDOUT)

    assert parsed["rps"] == 812.33
    assert parsed["p99_ms"] == 80.5
    assert parsed["errors"] == 6  # 3 answers outside 2xx, 1 read error, 2 timeouts


def test_wrk_output_without_a_result_line_is_an_error() -> None:
    with pytest.raises(ValueError, match="no result line"):
        report.parse_wrk_output("Running 3s test @ http://127.0.0.1:8000\n")


def test_a_write_at_ten_times_the_peer_meets_its_target() -> None:
    found = report.targets(
        results(
            run("sqlite", 1000, row("create_ticket", 32, 1000.0), row("add_reply", 32, 900.0)),
            peer=[row("create", 32, 100.0), row("followup", 32, 100.0)],
        )
    )

    assert status_of(found, "create ticket >= 10x") == "met"
    assert status_of(found, "add reply >= 10x") == "not met"


def test_a_write_without_the_peer_is_not_judged() -> None:
    found = report.targets(results(run("sqlite", 1000, row("create_ticket", 32, 1000.0))))

    assert status_of(found, "create ticket >= 10x") == "n/a"


def test_a_read_needs_half_the_healthz_rate_and_a_short_p99() -> None:
    found = report.targets(
        results(
            run(
                "sqlite",
                1000,
                row("healthz", 32, 1000.0),
                row("view_ticket", 32, 600.0, p99_ms=40.0),
                row("list_tickets", 32, 600.0, p99_ms=70.0),
                row("search", 32, 400.0, p99_ms=40.0),
            )
        )
    )

    assert status_of(found, "view ticket:") == "met"
    assert status_of(found, "list first page:") == "not met"
    assert status_of(found, "full-text search:") == "not met"


def test_a_read_with_errors_does_not_meet_its_target() -> None:
    found = report.targets(
        results(
            run(
                "sqlite",
                1000,
                row("healthz", 32, 1000.0),
                row("view_ticket", 32, 900.0, p99_ms=10.0, errors=1),
            )
        )
    )

    assert status_of(found, "view ticket:") == "not met"


def test_page_time_growth_compares_the_largest_size_with_the_smallest_at_one_connection() -> None:
    found = report.targets(
        results(
            run("sqlite", 1000, row("list_tickets", 1, 50.0, p50_ms=10.0)),
            run("sqlite", 1_000_000, row("list_tickets", 1, 50.0, p50_ms=14.0)),
            run("postgres", 1000, row("list_tickets", 1, 50.0, p50_ms=10.0)),
            run("postgres", 1_000_000, row("list_tickets", 1, 50.0, p50_ms=16.0)),
        )
    )

    page = [target for target in found if target.name.startswith("first page")]
    assert [target.status for target in page] == ["met", "not met"]


def test_page_time_growth_needs_two_sizes() -> None:
    found = report.targets(results(run("sqlite", 1000, row("list_tickets", 1, 50.0))))

    page = [target for target in found if target.name.startswith("first page")]
    assert {target.status for target in page} == {"n/a"}


def test_search_is_judged_on_postgresql_at_a_million_tickets_only() -> None:
    small = report.targets(results(run("postgres", 1000, row("search", 32, 50.0, p95_ms=10.0))))
    large = report.targets(
        results(run("postgres", 1_000_000, row("search", 32, 50.0, p95_ms=140.0)))
    )

    assert status_of(small, "search p95") == "n/a"
    assert status_of(large, "search p95") == "not met"


def test_the_largest_worker_rss_is_judged() -> None:
    found = report.targets(
        results(run("sqlite", 1000, rss=150.0), run("postgres", 1000, rss=230.0))
    )

    assert status_of(found, "worker RSS") == "not met"


def test_the_report_has_a_table_per_database_and_the_targets() -> None:
    text = report.render_markdown(
        {
            **results(
                run("sqlite", 1000, row("healthz", 32, 1000.0), row("view_ticket", 32, 600.0)),
                run("postgres", 1000, row("view_ticket", 32, 300.0)),
            ),
            "options": {"sizes": [1000], "seconds": 3, "connections": [32]},
            "duration_s": 60,
        }
    )

    assert "## SQLite" in text
    assert "## PostgreSQL" in text
    assert "| view ticket | 1,000 | 32 | 600.0 | 10.0 | 20.0 | 30.0 | 0 |" in text
    assert "## Targets" in text


def test_a_run_in_which_no_request_finished_shows_no_latency() -> None:
    idle = {**row("search", 8, 0.0), "requests": 0}
    text = report.render_markdown(results(run("sqlite", 1000, idle)))

    assert "| full-text search | 1,000 | 8 | 0.0 | - | - | - | none finished |" in text


def test_the_machine_tag_is_short() -> None:
    tag = report.host_tag("Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz", 2)

    assert tag == "xeon-platinum-8375c-2c"


def test_the_seed_manifest_gives_the_scenarios_their_ids_tokens_and_filters() -> None:
    manifest = {
        "tickets": {"increment_ids": {"first": 1001, "last": 1003}, "ids": {"first": 1, "last": 3}},
        "status_filter": {"status": 2},
        "search": {"term": "printer 17"},
        "cases": {"queue_id": "HQU-1", "rql_status": "Processing", "chat_ids": ["CHT-1"]},
        "accounts": {"marketplace_client": {"account_name": "Bench"}},
        "tokens": {"uvdesk_admin": "uv", "marketplace_client": "mp"},
    }

    world = suite.world_from(manifest, 3)

    assert (world.increment_ids, world.ticket_ids) == ([1001, 1002, 1003], [1, 2, 3])
    assert (world.status, world.search_term, world.case_status) == ("2", "printer 17", "Processing")
    assert (world.queue_id, world.chat_ids) == ("HQU-1", ["CHT-1"])
    assert (world.uvdesk_token, world.marketplace_token) == ("uv", "mp")


def test_the_headline_puts_both_databases_and_the_peer_side_by_side() -> None:
    lines = report.headline_lines(
        results(
            run("sqlite", 1000, row("create_ticket", 32, 500.0, p99_ms=40.0)),
            run("postgres", 1000, row("create_ticket", 32, 700.0, p99_ms=30.0)),
            peer=[row("create", 32, 50.0)],
        )
    )

    assert "| create ticket | 500.0 | 40.0 | 700.0 | 30.0 | 50.0 |" in lines
