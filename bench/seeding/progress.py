"""Progress on stderr: a bar redrawn in place on a terminal, a line per tenth otherwise."""

from __future__ import annotations

import sys
import time
from typing import TextIO

WIDTH = 30


class Progress:
    def __init__(self, label: str, total: int, *, enabled: bool, stream: TextIO = sys.stderr):
        self.label, self.total, self.enabled, self.stream = label, max(total, 1), enabled, stream
        self.done = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.tenths = 0
        self.tty = stream.isatty()

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if self.tty and now - self.drawn_at >= 0.2:
            self.drawn_at = now
            self._draw(now, end="")
        elif not self.tty and self.done * 10 // self.total > self.tenths:
            self.tenths = self.done * 10 // self.total
            self._draw(now, end="\n")

    def close(self) -> None:
        """The final figures (and the end of the line)."""
        if self.enabled and (self.tty or self.tenths < 10):
            self._draw(time.monotonic(), end="\n")

    def _draw(self, now: float, end: str) -> None:
        share = min(self.done / self.total, 1.0)
        elapsed = now - self.started
        left = elapsed / share - elapsed if share > 0 else 0.0
        bar = "#" * int(share * WIDTH)
        line = (
            f"{self.label:<9} |{bar:<{WIDTH}}| {share:6.1%} {self.done:>11,}/{self.total:,} "
            f"{elapsed:6.1f}s  eta {left:4.0f}s"
        )
        self.stream.write(("\r" if self.tty else "") + line + end)
        self.stream.flush()


def say(message: str, *, enabled: bool) -> None:
    if enabled:
        print(message, file=sys.stderr, flush=True)
