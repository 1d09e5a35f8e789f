"""Company settings (``/api/company.json``, ``/api/company/business-hours.json``,
``/api/company/theme.json``): administrators only. Theme files are downloaded by anyone
the help centre serves. The spam lists live with the mailboxes (``mailboxes.py``)."""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request, Response

from helpdesk.api.common.documented import file_only, ok
from helpdesk.api.common.downloads import file_response
from helpdesk.api.common.json_input import load_json
from helpdesk.api.common.session import DbSession
from helpdesk.api.common.uploads import upload_of
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.bodies import Body, Fields, Read, read_fields
from helpdesk.api.uvdesk.dependencies import UvdeskActor
from helpdesk.domain.company import business_hours as hours
from helpdesk.domain.company import details, theme
from helpdesk.domain.shared.bounds import LONG_DESCRIPTION_MAX, NOTES_MAX
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.support.models import Company

router = APIRouter(tags=["UVdesk: company"])

THEME_FILE_ROUTE = "/api/company/theme/{slot}.json"

# Wire name -> (draft attribute, reader): the details a PUT may carry.
REFERENCES = {
    "defaultMailbox": "default_mailbox_id",
    "defaultStatus": "default_status_id",
    "defaultPriority": "default_priority_id",
    "pendingNotificationEmailTemplate": "pending_notification_template_id",
}
THEME_TEXTS = {
    "domain": 255,
    "cName": 255,
    "status": 255,
    "pageBackgroundColor": 255,
    "headerBackgroundColor": 255,
    "navTextColor": 255,
    "linkColor": 255,
    "linkHoverColor": 255,
    "articleTextColor": 255,
    "script": NOTES_MAX,
    "siteDescritption": LONG_DESCRIPTION_MAX,
    "metaDescription": LONG_DESCRIPTION_MAX,
    "metaKeywords": LONG_DESCRIPTION_MAX,
    "homepageContent": 255,
    "ticketCreateOption": 255,
}

DETAILS_BODY = Body(
    Read.text("name"),
    Read.email("supportEmail"),
    Read.integer("nextTicketId"),
    Read.text("timezone"),
    Read.integer("pendingSince"),
    Read.text("timeFormat", 64),
    *(Read.integer(wire_name) for wire_name in REFERENCES),
)
# Weekday -> {is_active, from, to}, as an object or its JSON text (the seed types it as a
# string); form keys business_hours[Monday][from] are not described.
_WEEK = {
    "type": "object",
    "additionalProperties": {
        "type": "object",
        "properties": {
            "is_active": {"type": ["string", "integer", "boolean"]},
            "from": {"type": "string", "description": "H:MM"},
            "to": {"type": "string", "description": "H:MM"},
        },
    },
}
_WEEK_TEXT = {"type": "string", "description": "The week as JSON text."}
WEEK_BODY = Body(
    *(
        Read.shaped(name, {"anyOf": [_WEEK, _WEEK_TEXT]}, _WEEK_TEXT)
        for name in ("business_hours", "businessHours")
    )
)
THEME_BODY = Body(
    *(Read.text(wire_name, limit) for wire_name, limit in THEME_TEXTS.items()),
    *(Read.uploads(slot) for slot in theme.FILE_COLUMNS),
    Read.text("name"),
)


def details_view(found: Company) -> dict[str, Any]:
    return {
        "name": found.name,
        "supportEmail": found.support_email,
        "nextTicketId": found.next_ticket_id,
        "timezone": found.timezone,
        "timeFormat": found.time_format,
        "pendingSince": found.pending_since,
        "defaultMailbox": found.default_mailbox_id,
        "defaultStatus": found.default_status_id,
        "defaultPriority": found.default_priority_id,
        "pendingNotificationEmailTemplate": found.pending_notification_template_id,
    }


def details_draft(fields: Fields) -> details.DetailsDraft:
    given = set()
    values: dict[str, Any] = {}
    if fields.has("name"):
        given.add("name")
        values["name"] = fields.text("name")
    if fields.has("supportEmail"):
        given.add("support_email")
        values["support_email"] = fields.email("supportEmail")
    if fields.has("nextTicketId") and fields.integer("nextTicketId") is not None:
        given.add("next_ticket_id")
        values["next_ticket_id"] = fields.integer("nextTicketId")
    if fields.has("timezone"):
        given.add("timezone")
        values["timezone"] = fields.text("timezone")
    if fields.has("pendingSince"):
        given.add("pending_since")
        values["pending_since"] = fields.integer("pendingSince")
    if fields.has("timeFormat"):
        given.add("time_format")
        values["time_format"] = fields.text("timeFormat", 64)
    for wire_name, attribute in REFERENCES.items():
        if fields.has(wire_name):
            given.add(attribute)
            # 0 or empty clears the reference.
            values[attribute] = fields.integer(wire_name) or None
    return details.DetailsDraft(given=frozenset(given), **values)


@router.get("/api/company.json", responses=ok(schemas.CompanyView))
async def view_company(actor: UvdeskActor, session: DbSession) -> Any:
    return {"company": details_view(await details.company_details(session, actor))}


@router.put("/api/company.json", responses=ok(schemas.Outcome), openapi_extra=DETAILS_BODY)
async def edit_company(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    await details.save_details(session, actor, details_draft(fields))
    return {"message": "Success ! Company information saved successfully."}


@router.get("/api/company/business-hours.json", responses=ok(schemas.BusinessHours))
async def view_business_hours(actor: UvdeskActor, session: DbSession) -> Any:
    return {"businessHours": await hours.business_hours(session, actor)}


@router.post(
    "/api/company/business-hours.json",
    responses=ok(schemas.BusinessHoursSaved),
    openapi_extra=WEEK_BODY,
)
async def edit_business_hours(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    week = await hours.save_business_hours(session, actor, week_from(fields))
    return {
        "message": "Success ! Business Hours saved successfully.",
        "business_hours": week,
        "status": 1,
    }


_NESTED_KEY = re.compile(r"^(?:business_hours|businessHours)\[([^\]]+)\]\[([^\]]+)\]$")


def week_from(fields: Fields) -> dict[str, Any]:
    """``business_hours`` as a JSON object, a JSON string (the seed types it as a string) or
    form keys ``business_hours[Monday][from]``; ``businessHours`` is accepted too."""
    week: dict[str, Any] = {}
    for name in ("business_hours", "businessHours"):
        if not fields.has(name):
            continue
        for value in fields.values[name]:
            given = load_json(value, name) if isinstance(value, str) else value
            if not isinstance(given, dict):
                raise ValidationFailed.for_field(name, f"{name} must be an object of weekdays.")
            week.update(given)
    for key, values in fields.values.items():
        if match := _NESTED_KEY.match(key):
            week.setdefault(match[1], {})[match[2]] = values[0]
    return week


def theme_view(found: theme.Theme) -> dict[str, Any]:
    links = {
        slot: THEME_FILE_ROUTE.format(slot=slot) if stored is not None else None
        for slot, stored in found.files.items()
    }
    return {"theme": {**found.settings, "name": found.name, **links}}


@router.get("/api/company/theme.json", responses=ok(schemas.ThemeView))
async def view_theme(actor: UvdeskActor, session: DbSession) -> Any:
    return theme_view(await theme.theme(session, actor))


@router.put("/api/company/theme.json", responses=ok(schemas.Outcome), openapi_extra=THEME_BODY)
async def edit_theme(request: Request, actor: UvdeskActor, session: DbSession) -> Any:
    fields = await read_fields(request)
    settings = {
        wire_name: fields.text(wire_name, limit) or ""
        for wire_name, limit in THEME_TEXTS.items()
        if fields.has(wire_name)
    }
    uploads = {}
    for slot in theme.FILE_COLUMNS:
        parts = fields.uploads(slot)
        if len(parts) > 1:
            raise ValidationFailed.for_field(slot, f"Send one {slot} file.")
        if parts:
            uploads[slot] = upload_of(parts[0])
    draft = theme.ThemeDraft(
        settings=settings,
        name=fields.text("name") if fields.has("name") else None,
        uploads=uploads,
    )
    await theme.save_theme(session, actor, draft)
    return {"message": "Success ! Theme settings has been saved successfully."}


@router.get(THEME_FILE_ROUTE, response_class=Response, responses=file_only())
async def download_theme_file(slot: str, actor: UvdeskActor, session: DbSession) -> Response:
    return file_response(session, await theme.theme_file(session, actor, slot))
