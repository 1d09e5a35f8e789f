"""Shared fixtures: a migrated database per test, the app over real HTTP, tokens to call it with."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from pydantic import SecretStr

from helpdesk.app import create_app
from helpdesk.core.settings import Settings, get_settings
from tests.databases import PostgresTemplate, SqliteTemplate, backends, postgres_admin_url
from tests.documented_responses import MISMATCHES, DocumentedResponses

TEST_UPLOAD_LIMIT = 256 * 1024


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item: pytest.Item) -> None:
    MISMATCHES.take()  # what an earlier test left behind is not this test's doing


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    """A response that differs from its documented schema fails the test that asked for it."""
    yield
    mismatches = MISMATCHES.take()
    if mismatches:
        pytest.fail("Responses differ from /openapi.json:\n" + "\n".join(mismatches))


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> SqliteTemplate:
    return SqliteTemplate(tmp_path_factory.mktemp("sqlite-template"))


@pytest.fixture(scope="session")
def postgresql_template() -> Iterator[PostgresTemplate]:
    admin_url = postgres_admin_url()
    if admin_url is None:
        pytest.skip("HELPDESK_TEST_DATABASE_URL is not set")
    template = PostgresTemplate(admin_url)
    yield template
    template.drop()


@pytest.fixture(params=backends())
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A freshly migrated, empty database for this test (each configured backend in turn)."""
    template = request.getfixturevalue(f"{request.param}_template")
    with template.fresh(tmp_path) as url:
        yield url


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        database_url=database_url,
        storage_dir=tmp_path / "files",
        upload_max_bytes=TEST_UPLOAD_LIMIT,
        secret_key=SecretStr("test-secret-key"),
        migrate_on_start=False,
    )


@pytest.fixture
async def app(settings: Settings) -> AsyncIterator[FastAPI]:
    application = create_app(settings)
    yield application
    await application.state.runtime.dispose()


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    """Real HTTP semantics through the ASGI app, no network."""
    transport = httpx.ASGITransport(app=DocumentedResponses(app))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as http:
        yield http


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture
def live_server(settings: Settings) -> Iterator[str]:
    """The app served by uvicorn on a loopback port, for clients that need a real socket
    (the official Marketplace SDK's sync client). Yields the base URL."""
    port = _free_port()
    config = uvicorn.Config(
        DocumentedResponses(create_app(settings)),
        host="127.0.0.1",
        port=port,
        log_config=None,
        access_log=False,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("live server did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


def bearer(token: str) -> dict[str, Any]:
    return {"Authorization": f"Bearer {token}"}


def files_under(root: Path) -> list[Path]:
    """Every regular file below ``root`` (what storage left on disk)."""
    return [path for path in root.rglob("*") if path.is_file()]


@pytest.fixture
def cli_environment(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Iterator[Settings]:
    """The test's settings as the ``HELPDESK_*`` environment a CLI command reads."""
    monkeypatch.setenv("HELPDESK_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("HELPDESK_STORAGE_DIR", str(settings.storage_dir))
    if settings.secret_key is not None:
        monkeypatch.setenv("HELPDESK_SECRET_KEY", settings.secret_key.get_secret_value())
    get_settings.cache_clear()
    yield settings
    get_settings.cache_clear()
