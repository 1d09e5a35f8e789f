"""The company's spam lists, as the seed shows them, and what intake asks of them."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.mailboxes.spam import is_blocked
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.factories import in_transaction

pytestmark = pytest.mark.anyio

PATH = "/api/company/spam.json"


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def save(client: httpx.AsyncClient, admin: str, **lists: str) -> httpx.Response:
    return await uv(client, "PUT", PATH, admin, json=lists)


async def blocked(app: FastAPI, sender: str) -> bool:
    async def ask(session: AsyncSession) -> bool:
        return await is_blocked(session, sender)

    return await in_transaction(app, ask)


async def test_the_lists_start_empty(client: httpx.AsyncClient, admin: str) -> None:
    response = await uv(client, "GET", PATH, admin)
    assert response.json() == {"blackList": None, "whiteList": None}


async def test_saving_the_seeds_lists_answers_the_seeds_message_and_shows_them(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await save(client, admin, blackList="noreply@test.com", whiteList="")
    assert response.json() == {"message": "Success ! Spam setting saved successfully."}
    shown = (await uv(client, "GET", PATH, admin)).json()
    assert shown == {"blackList": "noreply@test.com", "whiteList": None}


async def test_entries_are_lowercased_deduplicated_and_domains_written_with_an_at(
    client: httpx.AsyncClient, admin: str
) -> None:
    given = " NoReply@Test.com, marketplace@test.com,noreply@test.com, Example.COM, @example.com"
    await save(client, admin, blackList=given)
    shown = (await uv(client, "GET", PATH, admin)).json()
    assert shown["blackList"] == "noreply@test.com,marketplace@test.com,@example.com"


async def test_a_list_left_out_is_kept(client: httpx.AsyncClient, admin: str) -> None:
    await save(client, admin, blackList="spam.example", whiteList="boss@spam.example")
    await save(client, admin, blackList="other.example")
    shown = (await uv(client, "GET", PATH, admin)).json()
    assert shown == {"blackList": "@other.example", "whiteList": "boss@spam.example"}


@pytest.mark.parametrize("field", ["blackList", "whiteList"])
async def test_an_entry_that_is_neither_address_nor_domain_is_a_400(
    client: httpx.AsyncClient, admin: str, field: str
) -> None:
    response = await save(client, admin, **{field: "good@example.com, not an entry"})
    assert field in assert_uv_error(response, 400)["errors"]


@pytest.mark.parametrize("role", [SupportRole.AGENT, SupportRole.CUSTOMER])
async def test_only_administrators_see_and_change_spam_settings(
    client: httpx.AsyncClient, app: FastAPI, role: SupportRole
) -> None:
    other = await support_token(app, role, "someone@desk.example")
    assert_uv_error(await uv(client, "GET", PATH, other), 403)
    assert_uv_error(await uv(client, "PUT", PATH, other, json={"blackList": "a.example"}), 403)


async def test_a_blacklisted_address_or_domain_is_blocked(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    await save(client, admin, blackList="noreply@test.com,@spam.example")
    assert await blocked(app, "NoReply@test.com")
    assert await blocked(app, "anyone@spam.example")
    assert not await blocked(app, "customer@test.com")
    assert not await blocked(app, "anyone@sub.spam.example")


async def test_the_white_list_beats_the_black_list(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    await save(client, admin, blackList="spam.example", whiteList="boss@spam.example")
    assert not await blocked(app, "boss@spam.example")
    assert await blocked(app, "minion@spam.example")
