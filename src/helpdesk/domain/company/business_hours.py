"""The company's business hours: per weekday, open or not, from and to (``H:MM``)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.company.access import require_admin
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import ValidationFailed
from helpdesk.domain.support.company import company

DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WORKDAY = {"is_active": "on", "from": "9:00", "to": "18:00"}
CLOSED = {"from": "00:00", "to": "00:00"}
# Until an administrator saves their own: the seed's week (Monday to Friday, 9 to 18).
DEFAULT_HOURS = {
    day: dict(WORKDAY if day not in ("Saturday", "Sunday") else CLOSED) for day in DAYS
}

_TIME = re.compile(r"(?:[01]?[0-9]|2[0-3]):[0-5][0-9]|24:00")
_ON = frozenset({"on", "1", "true", "yes"})
FIELD = "business_hours"


async def business_hours(session: AsyncSession, actor: Actor) -> dict[str, dict[str, str]]:
    require_admin(actor)
    return (await company(session)).business_hours or DEFAULT_HOURS


async def save_business_hours(
    session: AsyncSession, actor: Actor, given: Mapping[str, Any]
) -> dict[str, dict[str, str]]:
    """Replace the days sent; a day not sent keeps its hours. An unknown day or a malformed
    time is a 400 naming it (``business_hours.Monday.from``)."""
    require_admin(actor)
    if not given:
        raise ValidationFailed.for_field(FIELD, f"{FIELD} is required.")
    found = await company(session)
    week = {**(found.business_hours or DEFAULT_HOURS), **checked_days(given)}
    found.business_hours = week
    await session.flush()
    return week


def checked_days(given: Mapping[str, Any]) -> dict[str, dict[str, str]]:
    by_name = {day.lower(): day for day in DAYS}
    week: dict[str, dict[str, str]] = {}
    for key, value in given.items():
        day = by_name.get(str(key).strip().lower())
        if day is None:
            raise ValidationFailed.for_field(f"{FIELD}.{key}", f"{key} is not a day of the week.")
        if not isinstance(value, Mapping):
            message = f"{day} must be an object with from, to and is_active."
            raise ValidationFailed.for_field(f"{FIELD}.{day}", message)
        week[day] = _checked_day(day, value)
    return week


def _checked_day(day: str, value: Mapping[str, Any]) -> dict[str, str]:
    checked: dict[str, str] = {}
    active = value.get("is_active")
    if active is True or (isinstance(active, str | int) and str(active).strip().lower() in _ON):
        checked["is_active"] = "on"
    for end in ("from", "to"):
        raw = value.get(end)
        text = str(raw).strip() if raw is not None else CLOSED[end]
        if not _TIME.fullmatch(text):
            message = f"{day} {end} must be a time of day like 9:00 or 18:30."
            raise ValidationFailed.for_field(f"{FIELD}.{day}.{end}", message)
        checked[end] = text
    return checked
