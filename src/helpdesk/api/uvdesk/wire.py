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
