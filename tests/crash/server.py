"""The server as a user runs it: ``helpdesk serve`` in its own process group on a free
loopback port, killed with SIGKILL (the whole group, workers included) and started again."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

HELPDESK = Path(sys.executable).with_name("helpdesk")
START_TIMEOUT = 60.0


@dataclass(frozen=True, slots=True)
class Deployment:
    """Where one server keeps its state: the database and the stored files."""

    database_url: str
    storage_dir: Path
    log_path: Path
    workers: int = 1

    def environment(self) -> dict[str, str]:
        return {
            **os.environ,
            "HELPDESK_DATABASE_URL": self.database_url,
            "HELPDESK_STORAGE_DIR": str(self.storage_dir),
            "HELPDESK_SECRET_KEY": "crash-test-key",
            "HELPDESK_LOG_LEVEL": "WARNING",
            "HELPDESK_MIGRATE_ON_START": "false",
            # The clients reread every acknowledged write with one token after each restart,
            # far more than a minute's limit; what is tested here is durability.
            "HELPDESK_RATE_LIMIT_PER_MINUTE": "0",
        }

    def cli(self, *arguments: str) -> str:
        """Run a ``helpdesk`` command against this deployment; its stdout."""
        done = subprocess.run(  # noqa: S603  (our own executable, fixed arguments)
            [str(HELPDESK), *arguments],
            env=self.environment(),
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(slots=True)
class Server:
    deployment: Deployment
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        with self.deployment.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [str(HELPDESK), "serve", *self._options()],
                env=self.deployment.environment(),
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_healthy()

    def _options(self) -> list[str]:
        return ["--port", str(self.port), "--workers", str(self.deployment.workers)]

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process is not None and self.process.poll() is not None:
                raise RuntimeError(f"server exited with {self.process.returncode}")
            try:
                if httpx.get(f"{self.base_url}/healthz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        raise RuntimeError(f"server not healthy after {START_TIMEOUT} s")

    def kill(self) -> None:
        """SIGKILL the server and every worker, as a crash or the OOM killer would."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._wait_for_group_gone(self.process.pid)
        self.process = None

    @staticmethod
    def _wait_for_group_gone(group: int) -> None:
        """Workers are reaped by init, not by us: wait until none is left writing."""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                os.killpg(group, 0)
            except ProcessLookupError:
                return
            time.sleep(0.01)
        raise RuntimeError("server workers survived SIGKILL")
