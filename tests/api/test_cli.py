"""The ``helpdesk`` command line."""

from __future__ import annotations

import httpx
import pytest
from typer.testing import CliRunner

from helpdesk.cli.main import app as cli
from helpdesk.core.settings import Settings
from tests.conftest import bearer


@pytest.fixture
def runner(cli_environment: Settings) -> CliRunner:
    return CliRunner()


def test_token_create_prints_only_a_marketplace_token(runner: CliRunner, live_server: str) -> None:
    result = runner.invoke(
        cli,
        [
            "token", "create", "--account-type", "vendor",
            "--account-name", "Vendor Inc", "--email", "v@vendor.test",
        ],
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    token = result.stdout.strip()
    assert token.startswith("hdk_")
    assert "\n" not in token
    response = httpx.get(
        f"{live_server}/public/v1/notifications/contacts/CTT-0000-0000", headers=bearer(token)
    )
    assert response.status_code == 404  # authenticated


def test_token_create_prints_a_uvdesk_token_that_authenticates(
    runner: CliRunner, live_server: str
) -> None:
    result = runner.invoke(
        cli, ["token", "create", "--uvdesk-role", "super_admin", "--email", "owner@desk.test"]
    )
    assert result.exit_code == 0, result.output
    response = httpx.get(f"{live_server}/api/me.json", headers=bearer(result.stdout.strip()))
    assert response.status_code == 200
    assert response.json()["roles"] == ["ROLE_SUPER_ADMIN"]


def test_token_create_needs_exactly_one_kind_of_identity(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["token", "create", "--email", "x@desk.test"])
    assert result.exit_code != 0


def test_token_revoke_stops_a_token(runner: CliRunner, live_server: str) -> None:
    token = runner.invoke(
        cli, ["token", "create", "--uvdesk-role", "agent", "--email", "a@desk.test"]
    ).stdout.strip()
    revoked = runner.invoke(cli, ["token", "revoke", token])
    assert revoked.exit_code == 0
    response = httpx.get(f"{live_server}/api/me.json", headers=bearer(token))
    assert response.status_code == 401
    assert runner.invoke(cli, ["token", "revoke", token]).exit_code == 1


def test_contact_create_prints_the_contact_id(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["contact", "create", "--email", "c@x.test", "--name", "C"])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip().startswith("CTT-")
