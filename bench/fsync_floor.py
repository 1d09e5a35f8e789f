"""The disk's fsync floor: how many durable one-page writes one writer gets per second.

A durable commit costs at least one write followed by fsync (SQLite in WAL mode with
``synchronous=FULL`` appends its pages to the WAL and syncs it; PostgreSQL flushes its WAL
with ``synchronous_commit=on``). This loop does only that, from a single writer, for a
fixed time, in the directory given (the database's), and prints one JSON line:

    .venv/bin/python bench/fsync_floor.py --dir /tmp/x --seconds 5
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path

PAGE = 4096
PAGES = 256  # cycle over 1 MiB, written once up front, so the file's size never changes


def measure(directory: Path, seconds: float) -> dict[str, float | int | str]:
    """Write one page and fsync it, again and again, for ``seconds``."""
    handle, name = tempfile.mkstemp(prefix="fsync-floor-", dir=directory)
    try:
        os.write(handle, b"\0" * PAGE * PAGES)
        os.fsync(handle)
        page = os.urandom(PAGE)
        latencies: list[float] = []
        started = time.perf_counter()
        while time.perf_counter() - started < seconds:
            began = time.perf_counter()
            os.pwrite(handle, page, (len(latencies) % PAGES) * PAGE)
            os.fsync(handle)
            latencies.append(time.perf_counter() - began)
        elapsed = time.perf_counter() - started
    finally:
        os.close(handle)
        Path(name).unlink()
    latencies.sort()

    def percentile(share: float) -> float:
        return round(latencies[min(len(latencies) - 1, int(share * len(latencies)))] * 1000, 3)

    return {
        "directory": str(directory),
        "fsyncs": len(latencies),
        "seconds": round(elapsed, 3),
        "fsyncs_per_s": round(len(latencies) / elapsed, 1),
        "p50_ms": percentile(0.5),
        "p99_ms": percentile(0.99),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()))
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    print(json.dumps(measure(args.dir, args.seconds)))


if __name__ == "__main__":
    main()
