"""Mailboxes, as the seed shows them: admins only, each with its own receiving address,
IMAP and SMTP settings whose secrets are write-only and encrypted at rest."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.models import SupportRole
from helpdesk.domain.mailboxes.models import Mailbox
from helpdesk.domain.mailboxes.secrets import decrypt_secret
from helpdesk.domain.shared.unit_of_work import unit_of_work
from helpdesk.domain.tickets.models import Ticket
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.factories import in_transaction

pytestmark = pytest.mark.anyio

SEED_MAILBOX = {"name": "my Support Mailbox", "email": "supportme@email.com"}
RECEIVING_ADDRESS = re.compile(r"^support\.[a-z0-9]{20}@helpdesk\.localhost$")
IMAP = {
    "host": "imap.example.com",
    "port": 993,
    "security": "ssl",
    "username": "support@example.com",
    "password": "imap-password-1",
}
SMTP_URL = "smtp://support:smtp-password-1@smtp.example.com:587?starttls=true"


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def add(client: httpx.AsyncClient, admin: str, **body: Any) -> dict[str, Any]:
    response = await uv(client, "POST", "/api/mailboxes.json", admin, json=SEED_MAILBOX | body)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def stored(app: FastAPI, mailbox_id: int) -> tuple[Mailbox, dict[str, str | None]]:
    """The row as kept, and its secrets decrypted with the application's keys."""

    async def work(session: AsyncSession) -> tuple[Mailbox, dict[str, str | None]]:
        row = await session.scalar(select(Mailbox).where(Mailbox.id == mailbox_id))
        assert row is not None
        keys = unit_of_work(session).keys
        plain = {
            "imap": decrypt_secret(keys, row.imap_secret) if row.imap_secret else None,
            "smtp": decrypt_secret(keys, row.smtp_url) if row.smtp_url else None,
        }
        return row, plain

    return await in_transaction(app, work)


async def test_adding_the_seeds_mailbox_answers_the_seeds_envelope(
    client: httpx.AsyncClient, admin: str
) -> None:
    answer = await add(client, admin)
    mailbox = answer["mailbox"]
    assert answer["message"] == "Success ! Mailbox saved successfully."
    assert answer["id"] == mailbox["id"]
    assert mailbox["name"] == "my Support Mailbox"
    assert mailbox["email"] == "supportme@email.com"
    assert RECEIVING_ADDRESS.match(mailbox["mailboxEmail"])
    assert mailbox["isActive"] is True
    assert (mailbox["receiveVia"], mailbox["imap"], mailbox["hasSmtpUrl"]) == (
        "forward",
        None,
        False,
    )


async def test_every_mailbox_gets_its_own_receiving_address(
    client: httpx.AsyncClient, admin: str
) -> None:
    first = (await add(client, admin))["mailbox"]["mailboxEmail"]
    second = (await add(client, admin, name="Sales"))["mailbox"]["mailboxEmail"]
    assert first != second


async def test_the_list_shows_every_mailbox_newest_first(
    client: httpx.AsyncClient, admin: str
) -> None:
    older = (await add(client, admin, name="Sales", email="sales@webkul.com"))["mailbox"]
    newer = (await add(client, admin, name="design", isActive=False))["mailbox"]
    listed = (await uv(client, "GET", "/api/mailboxes.json", admin)).json()
    assert list(listed) == ["mailboxes"]
    assert listed["mailboxes"] == [newer, older]
    assert {key: older[key] for key in ("id", "name", "email", "mailboxEmail", "isActive")} == {
        "id": older["id"],
        "name": "Sales",
        "email": "sales@webkul.com",
        "mailboxEmail": older["mailboxEmail"],
        "isActive": True,
    }
    assert newer["isActive"] is False


async def test_editing_a_mailbox_answers_the_seeds_envelope(
    client: httpx.AsyncClient, admin: str
) -> None:
    mailbox = (await add(client, admin))["mailbox"]
    response = await uv(
        client,
        "PUT",
        f"/api/mailbox/{mailbox['id']}.json",
        admin,
        json={"name": "Support Mailbox", "email": "supportme@email.com"},
    )
    assert response.status_code == 200, response.text
    assert response.json() == {
        "message": "Success ! Mailbox updated successfully.",
        "mailbox": mailbox | {"name": "Support Mailbox"},
    }


async def test_deleting_a_mailbox_answers_the_seeds_message(
    client: httpx.AsyncClient, admin: str
) -> None:
    mailbox = (await add(client, admin))["mailbox"]
    response = await uv(client, "DELETE", f"/api/mailbox/{mailbox['id']}.json", admin)
    assert response.json() == {"message": "Success ! Mailbox removed successfully."}
    assert (await uv(client, "GET", "/api/mailboxes.json", admin)).json() == {"mailboxes": []}
    again = await uv(client, "DELETE", f"/api/mailbox/{mailbox['id']}.json", admin)
    assert_uv_error(again, 404)


async def test_a_deleted_mailboxs_tickets_survive_from_no_mailbox(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    mailbox = (await add(client, admin))["mailbox"]
    body = {"from": "c@example.com", "name": "C", "subject": "Hi", "reply": "Hello", "type": 807}
    ticket_id = (await uv(client, "POST", "/api/tickets.json", admin, json=body)).json()["id"]

    async def arrived_by_mail(session: AsyncSession) -> None:
        await session.execute(
            update(Ticket).where(Ticket.id == ticket_id).values(mailbox_id=mailbox["id"])
        )

    await in_transaction(app, arrived_by_mail)
    await uv(client, "DELETE", f"/api/mailbox/{mailbox['id']}.json", admin)

    async def mailbox_of_ticket(session: AsyncSession) -> list[int | None]:
        return list(await session.scalars(select(Ticket.mailbox_id).where(Ticket.id == ticket_id)))

    assert await in_transaction(app, mailbox_of_ticket) == [None]
    listed = (await uv(client, "GET", "/api/tickets.json", admin)).json()
    assert [t["id"] for t in listed["tickets"]] == [ticket_id]


async def test_imap_settings_are_shown_without_their_password(
    client: httpx.AsyncClient, admin: str
) -> None:
    mailbox = (await add(client, admin, receiveVia="imap", imap=IMAP))["mailbox"]
    assert mailbox["receiveVia"] == "imap"
    assert mailbox["imap"] == {
        "host": "imap.example.com",
        "port": 993,
        "security": "ssl",
        "username": "support@example.com",
        "auth": "password",
        "folder": "INBOX",
        "hasSecret": True,
    }
    listed = (await uv(client, "GET", "/api/mailboxes.json", admin)).text
    assert "imap-password-1" not in listed


async def test_secrets_are_stored_encrypted_and_decrypt_to_what_was_sent(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    answer = await add(client, admin, imap=IMAP, smtpUrl=SMTP_URL)
    assert "password-1" not in str(answer)
    assert answer["mailbox"]["hasSmtpUrl"] is True
    row, plain = await stored(app, answer["id"])
    assert row.imap_secret is not None and "imap-password-1" not in row.imap_secret
    assert row.smtp_url is not None and "smtp-password-1" not in row.smtp_url
    assert plain == {"imap": "imap-password-1", "smtp": SMTP_URL}


async def test_an_oauth_mailbox_keeps_its_access_token_encrypted(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    imap = {"host": "outlook.office365.com", "username": "me@example.com", "auth": "xoauth2"}
    answer = await add(client, admin, imap=imap | {"accessToken": "ya29.token"})
    assert answer["mailbox"]["imap"]["auth"] == "xoauth2"
    assert answer["mailbox"]["imap"]["port"] == 993
    _, plain = await stored(app, answer["id"])
    assert plain["imap"] == "ya29.token"


async def test_an_edit_without_secrets_keeps_the_stored_ones(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    mailbox = (await add(client, admin, imap=IMAP, smtpUrl=SMTP_URL))["mailbox"]
    edited = await uv(
        client,
        "PUT",
        f"/api/mailbox/{mailbox['id']}.json",
        admin,
        json={"imap": {"folder": "Support"}},
    )
    assert edited.json()["mailbox"]["imap"]["folder"] == "Support"
    _, plain = await stored(app, mailbox["id"])
    assert plain == {"imap": "imap-password-1", "smtp": SMTP_URL}


async def test_an_empty_smtp_url_returns_the_mailbox_to_the_server_default(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    mailbox = (await add(client, admin, smtpUrl=SMTP_URL))["mailbox"]
    path = f"/api/mailbox/{mailbox['id']}.json"
    edited = await uv(client, "PUT", path, admin, json={"smtpUrl": ""})
    assert edited.json()["mailbox"]["hasSmtpUrl"] is False
    row, _ = await stored(app, mailbox["id"])
    assert row.smtp_url is None


async def test_switching_to_forwarding_forgets_the_imap_account(
    client: httpx.AsyncClient, app: FastAPI, admin: str
) -> None:
    mailbox = (await add(client, admin, imap=IMAP))["mailbox"]
    path = f"/api/mailbox/{mailbox['id']}.json"
    edited = await uv(client, "PUT", path, admin, json={"receiveVia": "forward"})
    assert edited.json()["mailbox"]["imap"] is None
    row, _ = await stored(app, mailbox["id"])
    assert (row.imap_host, row.imap_secret) == (None, None)


async def test_a_mailbox_takes_form_encoded_imap_settings(
    client: httpx.AsyncClient, admin: str
) -> None:
    form = {
        "name": "Support",
        "email": "support@example.com",
        "receiveVia": "imap",
        "imap[host]": "imap.example.com",
        "imap[port]": "143",
        "imap[security]": "starttls",
        "imap[username]": "support",
        "imap[password]": "secret",
    }
    response = await uv(client, "POST", "/api/mailboxes.json", admin, data=form)
    assert response.status_code == 200, response.text
    imap = response.json()["mailbox"]["imap"]
    assert (imap["port"], imap["security"], imap["hasSecret"]) == (143, "starttls", True)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": ""}, "name"),
        ({"email": "not an address"}, "email"),
        ({"receiveVia": "pigeon"}, "receiveVia"),
        ({"imap": IMAP | {"port": 70000}}, "imap.port"),
        ({"imap": IMAP | {"port": "imap"}}, "imap.port"),
        ({"imap": IMAP | {"host": ""}}, "imap.host"),
        ({"imap": IMAP | {"username": " "}}, "imap.username"),
        ({"imap": IMAP | {"security": "tls1.0"}}, "imap.security"),
        ({"imap": IMAP | {"auth": "kerberos"}}, "imap.auth"),
        ({"imap": {k: v for k, v in IMAP.items() if k != "password"}}, "imap.password"),
        ({"imap": IMAP | {"auth": "xoauth2"}}, "imap.accessToken"),
        ({"receiveVia": "forward", "imap": IMAP}, "imap"),
        ({"smtpUrl": "http://smtp.example.com"}, "smtpUrl"),
        ({"smtpUrl": "smtp://:587"}, "smtpUrl"),
        ({"smtpUrl": "smtp://smtp.example.com:99999"}, "smtpUrl"),
        ({"smtpUrl": "smtp://smtp.example.com?tls=maybe"}, "smtpUrl"),
    ],
)
async def test_invalid_settings_are_a_400_naming_the_field(
    client: httpx.AsyncClient, admin: str, body: dict[str, Any], field: str
) -> None:
    response = await uv(client, "POST", "/api/mailboxes.json", admin, json=SEED_MAILBOX | body)
    assert field in assert_uv_error(response, 400)["errors"]
    assert (await uv(client, "GET", "/api/mailboxes.json", admin)).json() == {"mailboxes": []}


async def test_an_invalid_smtp_url_is_refused_without_repeating_its_password(
    client: httpx.AsyncClient, admin: str
) -> None:
    url = "smtp://user:hunter2@smtp.example.com:587/path"
    response = await uv(
        client, "POST", "/api/mailboxes.json", admin, json=SEED_MAILBOX | {"smtpUrl": url}
    )
    assert "hunter2" not in assert_uv_error(response, 400)["message"]
    assert "hunter2" not in response.text


@pytest.mark.parametrize("role", [SupportRole.AGENT, SupportRole.CUSTOMER])
async def test_only_administrators_manage_mailboxes(
    client: httpx.AsyncClient, app: FastAPI, admin: str, role: SupportRole
) -> None:
    mailbox = (await add(client, admin))["mailbox"]
    other = await support_token(
        app, role, "someone@desk.example", privileges=["ROLE_AGENT_MANAGE_EMAIL_TEMPLATE"]
    )
    path = f"/api/mailbox/{mailbox['id']}.json"
    assert_uv_error(await uv(client, "GET", "/api/mailboxes.json", other), 403)
    assert_uv_error(await uv(client, "POST", "/api/mailboxes.json", other, json=SEED_MAILBOX), 403)
    assert_uv_error(await uv(client, "PUT", path, other, json={"name": "x"}), 403)
    assert_uv_error(await uv(client, "DELETE", path, other), 403)


async def test_the_ticket_list_and_the_filters_offer_the_mailboxes(
    client: httpx.AsyncClient, admin: str
) -> None:
    support = (await add(client, admin, name="Support Mailbox"))["mailbox"]
    sales = (await add(client, admin, name="Sales"))["mailbox"]
    expected = [
        {"id": sales["id"], "name": "Sales"},
        {"id": support["id"], "name": "Support Mailbox"},
    ]
    tickets = (await uv(client, "GET", "/api/tickets.json", admin)).json()
    assert tickets["mailbox"] == expected
    filters = (await uv(client, "GET", "/api/filters.json?mailbox", admin)).json()
    assert filters == {"mailbox": expected}
