"""A real IMAP server for the poller's tests: Dovecot, started once for the session."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator, Iterator

import pytest

from helpdesk.core.settings import Settings
from helpdesk.domain.runtime import build_runtime
from helpdesk.domain.shared.unit_of_work import Runtime
from tests.mail.imap.dovecot import DOVECOT, WITHOUT_IDLE, Dovecot


def _dovecot(extra_settings: str = "") -> Iterator[Dovecot]:
    if DOVECOT is None:
        if os.environ.get("CI"):
            pytest.fail("dovecot is not installed: .ci/run installs dovecot-imapd")
        pytest.skip("dovecot is not installed (apt-get install dovecot-imapd)")
    server = Dovecot.started(extra_settings)
    yield server
    server.remove()


@pytest.fixture(scope="session")
def dovecot() -> Iterator[Dovecot]:
    yield from _dovecot()


@pytest.fixture(scope="session")
def dovecot_without_idle() -> Iterator[Dovecot]:
    yield from _dovecot(WITHOUT_IDLE)


@pytest.fixture
async def runtime(settings: Settings) -> AsyncIterator[Runtime]:
    """The poller's own runtime, as in a worker process beside the app's."""
    built = build_runtime(settings)
    yield built
    await built.dispose()
