"""Figures of a fuzz run (requests sent, answers by status class), printed after the run."""

from __future__ import annotations

from collections import Counter

import pytest

SENT: Counter[str] = Counter()


def record(backend: str, status: int) -> None:
    SENT[f"{backend} total"] += 1
    SENT[f"{backend} {status // 100}xx"] += 1
    SENT[f"{backend} {status}"] += 1


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if SENT:
        terminalreporter.section("fuzz figures")
        for key, count in sorted(SENT.items()):
            terminalreporter.write_line(f"{key}: {count}")
