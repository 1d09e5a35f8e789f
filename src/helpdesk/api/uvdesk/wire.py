"""Value formats of the UVdesk API (PHP ``DateTime`` serialisations)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

PHP_DATE_FORMAT = "%Y-%m-%d %H:%M:%S"


def php_datetime(moment: datetime | None, timezone: str = "UTC") -> dict[str, Any] | None:
    """``{"date": "2017-06-08 12:30:57", "timezone_type": 3, "timezone": "<tz>"}``."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = aware.astimezone(ZoneInfo(timezone))
    return {"date": local.strftime(PHP_DATE_FORMAT), "timezone_type": 3, "timezone": timezone}


def php_datetime_object(moment: datetime | None, timezone: str = "UTC") -> dict[str, Any] | None:
    """PHP's ``DateTime`` as JMS serialises it in group, team and privilege lists."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    offset = aware.astimezone(ZoneInfo(timezone)).utcoffset()
    return {
        "lastErrors": {"warning_count": 0, "warnings": [], "error_count": 0, "errors": []},
        "timezone": {
            "name": timezone,
            "location": {"country_code": "??", "latitude": 0, "longitude": 0, "comments": ""},
        },
        "offset": int(offset.total_seconds()) if offset else 0,
        "timestamp": int(aware.timestamp()),
    }


def formatted(moment: datetime | None, timezone: str = "UTC") -> str | None:
    """``formatedCreatedAt`` as UVdesk shows it: ``02-Jun 05:29pm``."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    local = aware.astimezone(ZoneInfo(timezone))
    return f"{local:%d-%b %I:%M}{local:%p}".lower().replace(f"{local:%b}".lower(), f"{local:%b}")


def thread_formatted(moment: datetime | None, timezone: str = "UTC") -> str | None:
    """``formatedCreatedAt`` of threads in the thread list: ``05-31-17 16:45``."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return f"{aware.astimezone(ZoneInfo(timezone)):%m-%d-%y %H:%M}"
