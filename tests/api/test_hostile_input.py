"""Input that used to make the server fail answers 400 (404 for a path id) in the dialect's format.

Each value is refused where it is parsed: path converters, body readers, the RQL parser and
the conversion of filter values, so that no route has to remember it.
"""

from __future__ import annotations

import json

import httpx
import pytest
from fastapi import FastAPI

from tests.api.marketplace.helpers import assert_problem, call, make_parties
from tests.api.marketplace.test_configuration import SERIAL
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, uv
from tests.api.uvdesk.tickets_helpers import SEED_TICKET
from tests.conftest import bearer

pytestmark = pytest.mark.anyio

TOO_BIG = "9223372036854775808"  # 2**63
WAY_TOO_BIG = "99999999999999999999"
JSON_TYPE = {"content-type": "application/json"}


@pytest.mark.parametrize("number", [TOO_BIG, WAY_TOO_BIG, "2147483648"])
async def test_an_id_beyond_any_column_in_a_uvdesk_path_is_not_found(
    app: FastAPI, client: httpx.AsyncClient, number: str
) -> None:
    token = await admin_token(app)
    for path in (f"/api/ticket/{number}.json", f"/en/api/customer/{number}.json"):
        assert_uv_error(await uv(client, "GET", path, token), 404)


async def test_an_id_beyond_any_column_in_a_uvdesk_body_is_a_400_naming_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    body = {**SEED_TICKET, "type": TOO_BIG}
    response = await uv(client, "POST", "/api/tickets.json", token, json=body)
    assert "type" in assert_uv_error(response, 400)["errors"]


async def test_ids_beyond_any_column_in_a_uvdesk_bulk_body_are_a_400(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    response = await uv(client, "DELETE", "/api/tickets.json", token, json={"ids": [TOO_BIG]})
    assert_uv_error(response, 400)


async def test_an_id_beyond_any_column_in_a_uvdesk_query_filter_is_a_400(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    response = await uv(client, "GET", f"/api/tickets.json?status={TOO_BIG}", token)
    assert_uv_error(response, 400)


@pytest.mark.parametrize(
    "expression",
    [
        f"eq(revision,{WAY_TOO_BIG})",
        f"eq(revision,{TOO_BIG})",
        "eq(revision,-9223372036854775809)",
        "eq(audit.created.at,9999-12-31T23:59:59-01:00)",
        "eq(audit.created.at,0001-01-01T00:00:00%2B01:00)",
    ],
)
async def test_an_rql_value_out_of_its_column_range_is_a_400(
    app: FastAPI, client: httpx.AsyncClient, expression: str
) -> None:
    parties = await make_parties(app)
    response = await call(client, "GET", f"/queues?{expression}", parties.client)
    assert_problem(response, 400)


async def test_an_rql_expression_of_two_thousand_terms_is_a_400(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    terms = ",".join(f"eq(name,q{index})" for index in range(2000))
    response = await call(client, "GET", f"/queues?or({terms})", parties.client)
    assert "rql" in assert_problem(response, 400)["errors"]


async def test_an_rql_expression_two_thousand_deep_is_a_400(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    expression = "not(" * 2000 + "eq(name,x)" + ")" * 2000
    response = await call(client, "GET", f"/queues?{expression}", parties.client)
    assert "rql" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize("key", ["limit", "offset"])
@pytest.mark.parametrize("value", ["%C2%B2", "%D9%A3", TOO_BIG])
async def test_paging_numbers_must_be_ascii_digits_in_range(
    app: FastAPI, client: httpx.AsyncClient, key: str, value: str
) -> None:
    parties = await make_parties(app)
    response = await call(client, "GET", f"/queues?{key}={value}", parties.client)
    assert key in assert_problem(response, 400)["errors"]


async def test_json_nested_a_hundred_thousand_deep_is_a_400_in_each_dialect(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    deep = '{"name":' + "[" * 100_000 + "]" * 100_000 + "}"
    response = await call(
        client, "POST", "/queues", parties.client, content=deep, headers=JSON_TYPE
    )
    assert_problem(response, 400)
    token = await admin_token(app)
    response = await client.post(
        "/api/labels.json", content=deep, headers=JSON_TYPE | bearer(token)
    )
    assert_uv_error(response, 400)


@pytest.mark.parametrize("bad", ["\ud800", "a\x00b"])
async def test_a_lone_surrogate_or_nul_in_a_uvdesk_field_is_a_400_naming_it(
    app: FastAPI, client: httpx.AsyncClient, bad: str
) -> None:
    token = await admin_token(app)
    body = json.dumps({**SEED_TICKET, "subject": f"Hello {bad}"})  # escapes the surrogate
    response = await client.post(
        "/api/tickets.json", content=body, headers=JSON_TYPE | bearer(token)
    )
    assert "subject" in assert_uv_error(response, 400)["errors"]


async def test_a_nul_in_a_uvdesk_form_field_is_a_400(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    token = await admin_token(app)
    response = await uv(client, "POST", "/api/labels.json", token, data={"name": "a\x00b"})
    assert "name" in assert_uv_error(response, 400)["errors"]


@pytest.mark.parametrize("bad", ["\ud800", "a\x00b"])
async def test_a_lone_surrogate_or_nul_in_a_marketplace_field_is_a_400_naming_it(
    app: FastAPI, client: httpx.AsyncClient, bad: str
) -> None:
    parties = await make_parties(app)
    body = json.dumps({"name": bad})
    response = await call(
        client, "POST", "/queues", parties.client, content=body, headers=JSON_TYPE
    )
    assert "name" in assert_problem(response, 400)["errors"]


async def test_a_nul_in_a_query_value_is_a_400_in_each_dialect(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    assert_problem(await call(client, "GET", "/queues?name=a%00b", parties.client), 400)
    assert_problem(await call(client, "GET", "/queues?eq(name,a%00b)", parties.client), 400)
    token = await admin_token(app)
    assert_uv_error(await uv(client, "GET", "/api/tickets.json?search=a%00b", token), 400)


async def test_a_nul_in_a_marketplace_path_id_is_not_found(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    assert_problem(await call(client, "GET", "/queues/HQU-%00", parties.client), 404)


async def test_a_marketplace_integer_beyond_its_column_is_a_400_naming_it(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    parties = await make_parties(app)
    body = {**SERIAL, "displayOrder": int(TOO_BIG)}
    response = await call(client, "POST", "/parameters", parties.operations, json=body)
    assert "displayOrder" in assert_problem(response, 400)["errors"]


@pytest.mark.parametrize(
    "password",
    [{"first": True, "second": True}, {"first": ["secret-1"], "second": ["secret-1"]}],
)
async def test_a_uvdesk_password_object_holding_no_text_is_a_400_not_a_500(
    app: FastAPI, client: httpx.AsyncClient, password: dict[str, object]
) -> None:
    """Found by the fuzzer: a boolean where the password text goes failed inside the check."""
    token = await admin_token(app)
    body = {"email": "pat@desk.test", "firstName": "Pat", "password": password}
    response = await uv(client, "POST", "/api/members.json", token, json=body)
    assert "password" in assert_uv_error(response, 400)["errors"]


@pytest.mark.parametrize("teams", [{"0": "abc"}, {"0": TOO_BIG}, {"0": [1]}])
async def test_uvdesk_team_ids_keyed_like_a_php_array_must_be_numbers(
    app: FastAPI, client: httpx.AsyncClient, teams: dict[str, object]
) -> None:
    """Found by the fuzzer: ``userSubGroup`` as a JSON object bypassed the number check."""
    token = await admin_token(app)
    body = {"email": "pat@desk.test", "firstName": "Pat", "userSubGroup": teams}
    response = await uv(client, "POST", "/api/members.json", token, json=body)
    assert "userSubGroup" in assert_uv_error(response, 400)["errors"]
