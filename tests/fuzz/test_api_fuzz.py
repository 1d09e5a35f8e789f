"""Property-based fuzzing of both dialects from ``/openapi.json`` (schemathesis).

For every documented operation, schemathesis generates requests (valid and invalid path,
query and body values) and sends them, with real tokens, to a seeded server on each
configured database. Every answer must be: no 5xx, a documented status, a documented
content type, a body that matches its documented schema (the server's own
``DocumentedResponses`` check runs too and fails the test on a mismatch).

Profiles: ``bounded`` (the default, part of ``make test``) and ``long`` (``make fuzz``);
``HELPDESK_FUZZ_EXAMPLES`` overrides the examples per operation.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from helpdesk.app import create_app
from tests.databases import backends
from tests.fuzz.conftest import record
from tests.fuzz.world import World, fuzz_settings, seeded_world

PROFILES = {"bounded": 10, "long": 100}
PROFILE = os.environ.get("HELPDESK_FUZZ_PROFILE", "bounded")
EXAMPLES = int(os.environ.get("HELPDESK_FUZZ_EXAMPLES") or PROFILES[PROFILE])
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module", params=backends())
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    directory = tmp_path_factory.mktemp(f"fuzz-{request.param}")
    template = request.getfixturevalue(f"{request.param}_template")
    with (
        template.fresh(directory) as url,
        seeded_world(fuzz_settings(url, directory), request.param) as seeded,
    ):
        yield seeded


# Raw mail (the inbound mail route) is sent as the bytes generated for it.
schemathesis.serializer.alias("message/rfc822", "application/octet-stream")


def documented_api() -> Any:
    """The app's own document; the world's server is given per call (one per database)."""
    app = create_app(fuzz_settings("sqlite+aiosqlite://", Path("unused")))
    api = schemathesis.openapi.from_dict(app.openapi())
    api.config.generation.update(
        modes=[schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE],
        database="none",
    )
    # The coverage phase sends every boundary and type-confusion case it derives from each
    # schema (a hundred and more per UVdesk body): the long profile only.
    api.config.phases.coverage.enabled = PROFILE == "long"
    return api


schema = documented_api()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    derandomize=PROFILE == "bounded",
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
def test_every_answer_is_documented_and_no_request_fails_the_server(
    case: schemathesis.Case, world: World
) -> None:
    token = world.token_for(case.operation.path)
    response = case.call_and_validate(
        base_url=world.base_url,
        headers={"Authorization": f"Bearer {token}"},
        checks=CHECKS,
        timeout=60,
    )
    record(world.backend, response.status_code)
