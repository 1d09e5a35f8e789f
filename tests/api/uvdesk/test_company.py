"""Company settings: details (the next ticket number only moves up, the timezone dates every
answer), business hours, and the theme with its checked images and style sheet."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image

from helpdesk.core.settings import Settings
from helpdesk.domain.identity.models import SupportRole
from tests.api.uvdesk.helpers import admin_token, assert_uv_error, support_token, uv
from tests.api.uvdesk.tickets_helpers import raise_ticket

pytestmark = pytest.mark.anyio

COMPANY = "/api/company.json"
HOURS = "/api/company/business-hours.json"
THEME = "/api/company/theme.json"


@pytest.fixture
async def admin(app: FastAPI) -> str:
    return await admin_token(app)


async def details(client: httpx.AsyncClient, admin: str) -> dict[str, Any]:
    response = await uv(client, "GET", COMPANY, admin)
    assert response.status_code == 200, response.text
    shown: dict[str, Any] = response.json()["company"]
    return shown


def picture(kind: str = "PNG", size: tuple[int, int] = (50, 50)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=kind)
    return out.getvalue()


def stored_files(settings: Settings) -> list[Path]:
    return sorted(p for p in settings.storage_dir.rglob("*") if p.is_file())


# Details.


async def test_editing_the_details_answers_the_seeds_message_and_shows_them(
    client: httpx.AsyncClient, admin: str
) -> None:
    body = {
        "name": "sample Pvt Ltd",
        "supportEmail": "support@webkul.com",
        "nextTicketId": "5801",
        "timezone": "Asia/Kolkata",
        "timeFormat": "m-d-y G:i",
        "pendingSince": "0",
        "defaultStatus": "2",
        "defaultPriority": "3",
    }
    response = await uv(client, "PUT", COMPANY, admin, json=body)
    assert response.json() == {"message": "Success ! Company information saved successfully."}
    assert await details(client, admin) == {
        "name": "sample Pvt Ltd",
        "supportEmail": "support@webkul.com",
        "nextTicketId": 5801,
        "timezone": "Asia/Kolkata",
        "timeFormat": "m-d-y G:i",
        "pendingSince": 0,
        "defaultMailbox": None,
        "defaultStatus": 2,
        "defaultPriority": 3,
        "pendingNotificationEmailTemplate": None,
    }


async def test_the_next_ticket_id_numbers_the_next_ticket(
    client: httpx.AsyncClient, admin: str
) -> None:
    await uv(client, "PUT", COMPANY, admin, json={"nextTicketId": 5801})
    assert (await raise_ticket(client, admin))["incrementId"] == 5801
    assert (await raise_ticket(client, admin))["incrementId"] == 5802


async def test_the_next_ticket_id_never_moves_down(client: httpx.AsyncClient, admin: str) -> None:
    await uv(client, "PUT", COMPANY, admin, json={"nextTicketId": 100})
    await raise_ticket(client, admin)
    response = await uv(client, "PUT", COMPANY, admin, json={"nextTicketId": 100, "name": "X"})
    body = assert_uv_error(response, 400)
    assert "nextTicketId" in body["errors"]
    assert (await details(client, admin))["nextTicketId"] == 101
    assert (await details(client, admin))["name"] != "X", "nothing of a refused edit is kept"


async def test_an_unknown_timezone_is_refused(client: httpx.AsyncClient, admin: str) -> None:
    response = await uv(client, "PUT", COMPANY, admin, json={"timezone": "Mars/Olympus"})
    assert "timezone" in assert_uv_error(response, 400)["errors"]


async def test_references_must_exist(client: httpx.AsyncClient, admin: str) -> None:
    for name in ("defaultMailbox", "defaultStatus", "defaultPriority"):
        response = await uv(client, "PUT", COMPANY, admin, json={name: "9999"})
        assert name in assert_uv_error(response, 400)["errors"]


async def test_new_tickets_take_the_default_status_and_priority(
    client: httpx.AsyncClient, admin: str
) -> None:
    await uv(client, "PUT", COMPANY, admin, json={"defaultStatus": 2, "defaultPriority": 4})
    created = await raise_ticket(client, admin)
    shown = (await uv(client, "GET", f"/api/ticket/{created['incrementId']}.json", admin)).json()
    assert shown["ticket"]["status"]["id"] == 2
    assert shown["ticket"]["priority"]["id"] == 4


async def test_dates_are_shown_in_the_company_timezone(
    client: httpx.AsyncClient, admin: str
) -> None:
    await uv(client, "PUT", COMPANY, admin, json={"timezone": "Asia/Kolkata"})
    created = await raise_ticket(client, admin)
    threads = await uv(client, "GET", f"/api/ticket/{created['ticketId']}/threads.json", admin)
    assert threads.json()["threads"][0]["createdAt"]["timezone"] == "Asia/Kolkata"
    me = (await uv(client, "GET", "/api/me.json", admin)).json()
    assert me["data"][0]["createdAt"]["timezone"] == "Asia/Kolkata"


async def test_company_settings_are_for_administrators(
    app: FastAPI, client: httpx.AsyncClient
) -> None:
    agent = await support_token(
        app, SupportRole.AGENT, "agent@desk.example", privileges=["ROLE_AGENT_MANAGE_GROUP"]
    )
    for method, path in (("GET", COMPANY), ("PUT", COMPANY), ("GET", HOURS), ("PUT", THEME)):
        assert_uv_error(await uv(client, method, path, agent, json={"name": "x"}), 403)


# Business hours.


async def test_business_hours_start_as_the_seeds_week(
    client: httpx.AsyncClient, admin: str
) -> None:
    shown = (await uv(client, "GET", HOURS, admin)).json()["businessHours"]
    assert shown["Monday"] == {"is_active": "on", "from": "9:00", "to": "18:00"}
    assert shown["Sunday"] == {"from": "00:00", "to": "00:00"}


async def test_saving_business_hours_answers_them_and_keeps_days_not_sent(
    client: httpx.AsyncClient, admin: str
) -> None:
    week = {"Saturday": {"is_active": "on", "from": "10:00", "to": "14:00"}, "Monday": {}}
    response = await uv(client, "POST", HOURS, admin, json={"business_hours": week})
    saved = response.json()
    assert saved["message"] == "Success ! Business Hours saved successfully."
    assert saved["status"] == 1
    assert saved["business_hours"]["Saturday"] == {
        "is_active": "on",
        "from": "10:00",
        "to": "14:00",
    }
    assert saved["business_hours"]["Monday"] == {"from": "00:00", "to": "00:00"}
    shown = (await uv(client, "GET", HOURS, admin)).json()["businessHours"]
    assert shown == saved["business_hours"]
    assert shown["Tuesday"]["is_active"] == "on"


async def test_business_hours_may_come_as_form_keys_or_a_json_string(
    client: httpx.AsyncClient, admin: str
) -> None:
    form = {
        "business_hours[Friday][is_active]": "on",
        "business_hours[Friday][from]": "8:30",
        "business_hours[Friday][to]": "12:00",
    }
    await uv(client, "POST", HOURS, admin, data=form)
    as_string = {"business_hours": '{"Sunday": {"is_active": "on", "from": "9:00", "to": "10:00"}}'}
    await uv(client, "POST", HOURS, admin, data=as_string)
    shown = (await uv(client, "GET", HOURS, admin)).json()["businessHours"]
    assert shown["Friday"] == {"is_active": "on", "from": "8:30", "to": "12:00"}
    assert shown["Sunday"] == {"is_active": "on", "from": "9:00", "to": "10:00"}


@pytest.mark.parametrize(
    ("week", "field"),
    [
        ({"Caturday": {"from": "9:00", "to": "10:00"}}, "business_hours.Caturday"),
        ({"Monday": {"from": "25:00", "to": "26:00"}}, "business_hours.Monday.from"),
        ({"Monday": "all day"}, "business_hours.Monday"),
        ({}, "business_hours"),
    ],
)
async def test_malformed_business_hours_are_refused(
    client: httpx.AsyncClient, admin: str, week: dict[str, Any], field: str
) -> None:
    response = await uv(client, "POST", HOURS, admin, json={"business_hours": week})
    assert field in assert_uv_error(response, 400)["errors"]


# Theme.


async def test_the_theme_keeps_its_settings_and_images(
    client: httpx.AsyncClient, admin: str
) -> None:
    response = await uv(
        client,
        "PUT",
        THEME,
        admin,
        data={"name": "sample Pvt Ltd", "domain": "myweb", "status": "1", "linkColor": "#333"},
        files={"logo": ("logo.png", picture(), "image/png")},
    )
    assert response.json() == {"message": "Success ! Theme settings has been saved successfully."}
    shown = (await uv(client, "GET", THEME, admin)).json()["theme"]
    assert shown["name"] == "sample Pvt Ltd"
    assert (shown["domain"], shown["status"], shown["linkColor"]) == ("myweb", "1", "#333")
    assert shown["logo"] == "/api/company/theme/logo.json"
    assert shown["banner"] is None
    logo = await uv(client, "GET", shown["logo"], admin)
    assert logo.headers["content-type"] == "image/png"
    assert logo.content == picture()


async def test_a_jpeg_is_stored_as_a_jpeg_whatever_it_claims(
    client: httpx.AsyncClient, admin: str
) -> None:
    files = {"banner": ("banner.png", picture("JPEG"), "image/png")}
    assert (await uv(client, "PUT", THEME, admin, files=files)).status_code == 200
    banner = await uv(client, "GET", "/api/company/theme/banner.json", admin)
    assert banner.headers["content-type"] == "image/jpeg"


SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


NOT_IMAGES = {
    "renamed text": ("logo", "logo.png", b"just some text, renamed", "image/png"),
    "svg with script": ("banner", "banner.svg", SVG, "image/svg+xml"),
    "png magic only": ("favicon", "icon.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image/png"),
    "jpeg magic only": ("logo", "logo.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg"),
}


@pytest.mark.parametrize("case", NOT_IMAGES.values(), ids=NOT_IMAGES.keys())
async def test_files_that_are_not_images_are_refused(
    client: httpx.AsyncClient, admin: str, settings: Settings, case: tuple[str, str, bytes, str]
) -> None:
    slot, name, content, kind = case
    response = await uv(client, "PUT", THEME, admin, files={slot: (name, content, kind)})
    assert slot in assert_uv_error(response, 400)["errors"]
    assert stored_files(settings) == [], "a refused upload leaves no bytes behind"
    assert (await uv(client, "GET", THEME, admin)).json()["theme"][slot] is None


async def test_custom_css_is_served_as_text_css(client: httpx.AsyncClient, admin: str) -> None:
    css = b"body { color: #333; }"
    files = {"customCSS": ("theme.txt", css, "application/octet-stream")}
    assert (await uv(client, "PUT", THEME, admin, files=files)).status_code == 200
    served = await uv(client, "GET", "/api/company/theme/customCSS.json", admin)
    assert served.headers["content-type"].startswith("text/css")
    assert served.content == css


async def test_a_replaced_image_is_discarded_after_commit(
    client: httpx.AsyncClient, admin: str, settings: Settings
) -> None:
    await uv(client, "PUT", THEME, admin, files={"logo": ("a.png", picture(), "image/png")})
    first = stored_files(settings)
    new_logo = picture(size=(40, 40))
    await uv(client, "PUT", THEME, admin, files={"logo": ("b.png", new_logo, "image/png")})
    remaining = stored_files(settings)
    assert len(remaining) == 1
    assert remaining != first
    assert remaining[0].read_bytes() == new_logo


async def test_theme_files_are_shown_to_customers_and_missing_ones_are_404(
    app: FastAPI, client: httpx.AsyncClient, admin: str
) -> None:
    await uv(client, "PUT", THEME, admin, files={"favicon": ("f.png", picture(), "image/png")})
    customer = await support_token(app, SupportRole.CUSTOMER, "c@example.com")
    shown = await uv(client, "GET", "/api/company/theme/favicon.json", customer)
    assert shown.status_code == 200
    assert_uv_error(await uv(client, "GET", "/api/company/theme/banner.json", customer), 404)
    assert_uv_error(await uv(client, "GET", "/api/company/theme/secrets.json", customer), 404)


async def test_theme_flags_are_zero_or_one(client: httpx.AsyncClient, admin: str) -> None:
    response = await uv(client, "PUT", THEME, admin, json={"ticketCreateOption": "maybe"})
    assert "ticketCreateOption" in assert_uv_error(response, 400)["errors"]
