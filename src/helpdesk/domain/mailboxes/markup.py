"""Message bodies of templates and saved replies: HTML, sanitised like thread bodies."""

from __future__ import annotations

import nh3

from helpdesk.domain.shared.errors import ValidationFailed


def required_html(value: str | None, field: str = "message") -> str:
    """Safe markup only (nh3, as thread bodies); ``{%ticket.id%}`` placeholders are plain
    text to the sanitiser and come through intact."""
    cleaned = nh3.clean(value or "").strip()
    if not cleaned:
        raise ValidationFailed.for_field(field, f"{field} is required.")
    return cleaned
