"""How a mailbox connects: its IMAP account and its SMTP URL, checked before they are kept.

Checking here, not when the worker first connects, turns a typo into a 400 naming the
field instead of a mailbox that silently never fetches."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit

from email_validator import EmailNotValidError, validate_email

from helpdesk.domain.mailboxes.models import EMAIL_LENGTH, ImapAuth, ImapSecurity
from helpdesk.domain.shared.errors import ValidationFailed

SMTP_SCHEMES = frozenset({"smtp", "smtps"})
IMAP_DEFAULT_PORTS = {ImapSecurity.SSL: 993, ImapSecurity.STARTTLS: 143, ImapSecurity.NONE: 143}
DEFAULT_FOLDER = "INBOX"
TEXT_LENGTH = 255


@dataclass(frozen=True, slots=True)
class ImapDraft:
    """The ``imap`` object of a request; ``None`` where the caller sent nothing."""

    host: str | None = None
    port: str | None = None
    security: str | None = None
    username: str | None = None
    auth: str | None = None
    password: str | None = None
    access_token: str | None = None
    folder: str | None = None


def email_address(value: str | None, field: str) -> str:
    """A syntactically valid address (no DNS lookups), in its normalised form."""
    text = (value or "").strip()
    if not text:
        raise ValidationFailed.for_field(field, f"{field} is required.")
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        message = f"{field} is not a valid email address: {error}"
        raise ValidationFailed.for_field(field, message) from None
    if len(checked.normalized) > EMAIL_LENGTH:
        raise ValidationFailed.for_field(field, f"{field} is too long.")
    return checked.normalized


def port_number(value: str | None, field: str) -> int | None:
    text = (value or "").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise ValidationFailed.for_field(field, f"{field} must be a port number from 1 to 65535.")
    return int(text)


def short_text(value: str | None, field: str) -> str:
    text = (value or "").strip()
    if not text:
        raise ValidationFailed.for_field(field, f"{field} is required.")
    if len(text) > TEXT_LENGTH or any(c in text for c in "\r\n\0"):
        raise ValidationFailed.for_field(field, f"{field} must be one line of at most 255.")
    return text


def choice[E: (ImapSecurity, ImapAuth)](enum: type[E], value: str, field: str) -> E:
    try:
        return enum(value.strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise ValidationFailed.for_field(field, f"{field} must be one of {allowed}.") from None


def checked_smtp_url(value: str) -> str:
    """``smtp[s]://[user[:password]@]host[:port][?starttls=true|false]``.

    Messages never repeat the URL: it may hold a password."""
    url = value.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise ValidationFailed.for_field("smtpUrl", "smtpUrl has an invalid port.") from None
    if parts.scheme.lower() not in SMTP_SCHEMES:
        raise ValidationFailed.for_field("smtpUrl", "smtpUrl must start with smtp:// or smtps://.")
    if not parts.hostname:
        raise ValidationFailed.for_field("smtpUrl", "smtpUrl must name a host.")
    if port == 0:
        raise ValidationFailed.for_field("smtpUrl", "smtpUrl has an invalid port.")
    if parts.path not in ("", "/") or parts.fragment:
        raise ValidationFailed.for_field("smtpUrl", "smtpUrl takes no path.")
    options = parse_qs(parts.query, keep_blank_values=True)
    unknown = set(options) - {"starttls"}
    starttls = [unquote(v).lower() for v in options.get("starttls", [])]
    if unknown or any(v not in ("true", "false") for v in starttls):
        raise ValidationFailed.for_field("smtpUrl", "smtpUrl takes only ?starttls=true|false.")
    return url
