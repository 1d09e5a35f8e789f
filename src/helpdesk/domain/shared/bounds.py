"""Input bounds: the largest numbers and texts the helpdesk takes, and what no database stores.

One place for the limits each kind of field has (docs/decisions.md, "Input bounds"), so that
the API faces, the services and the documentation agree. A value outside them is a 400
naming the field, never a database error.
"""

from __future__ import annotations

import re
from typing import Any

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import BigInteger, Integer, inspect
from sqlalchemy.orm import Session

from helpdesk.domain.shared.errors import ValidationFailed

INT32 = (-(2**31), 2**31 - 1)
INT64 = (-(2**63), 2**63 - 1)
# Every id is an INTEGER column, which PostgreSQL stores in 32 bits.
ID_MAX = INT32[1]

NAME_MAX = 255  # names, titles, labels, colors, short codes
EMAIL_MAX = 254  # RFC 5321: the longest address a mail path can carry
SUBJECT_MAX = 998  # RFC 5322: the longest header line, so a subject survives being mailed
PHONE_MAX = 64
DESCRIPTION_MAX = 1000  # descriptions of groups, teams, ticket types, privileges
LONG_DESCRIPTION_MAX = 4000  # descriptions of chats and their attachments and links
SIGNATURE_MAX = 2000
NOTES_MAX = 10_000  # feedback descriptions and notes
MESSAGE_MAX = 100_000  # Marketplace chat messages and case content
BODY_MAX = 4 * 1024 * 1024  # UVdesk thread bodies (HTML, mail-sized)

JSON_DEPTH_MAX = 32  # nested objects and arrays in a request body
RQL_DEPTH_MAX = 16  # nested calls in one RQL expression
RQL_CALLS_MAX = 256  # calls in one RQL expression

# NUL is refused by PostgreSQL in text; a lone surrogate cannot be encoded as UTF-8 at all.
_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")


def storable(field: str, text: str) -> str:
    """``text`` unchanged, or a 400 when no database could store it."""
    if _UNSTORABLE.search(text):
        raise ValidationFailed.for_field(
            field, f"'{field}' contains a NUL character or an unpaired surrogate."
        )
    return text


def bounded(field: str, text: str, max_chars: int) -> str:
    """``text`` when it is storable and at most ``max_chars`` characters long."""
    if len(text) > max_chars:
        raise ValidationFailed.for_field(field, f"'{field}' is longer than {max_chars} characters.")
    return storable(field, text)


def in_range(field: str, number: int, limits: tuple[int, int] = (0, ID_MAX)) -> int:
    low, high = limits
    if not low <= number <= high:
        raise ValidationFailed.for_field(field, f"'{field}' must be between {low} and {high}.")
    return number


def email_address(field: str, text: str) -> str:
    """``text`` when it is one email address (syntax only: no DNS lookups).

    ``.test`` domains are accepted (RFC 2606 reserves them for testing); other special-use
    names such as ``.local`` and ``localhost`` are not, as they reach no mailbox.
    """
    try:
        validate_email(text, check_deliverability=False, test_environment=True)
    except EmailNotValidError as invalid:
        raise ValidationFailed.for_field(
            field, f"'{field}' is not an email address: {invalid}"
        ) from None
    return text


def refuse_unstorable_rows(session: Session, _context: Any, _instances: Any) -> None:
    """``before_flush``: the last line behind the faces' own bounds. A value the database
    would refuse (text longer than its column, NUL, a lone surrogate, an integer its column
    cannot hold) becomes a 400 naming the attribute instead of a driver error."""
    for row in (*session.new, *session.dirty):
        state = inspect(row)
        for attribute in state.mapper.column_attrs:
            value = state.dict.get(attribute.key)  # loaded values only: never a lazy load
            if isinstance(value, str | int) and not isinstance(value, bool):
                _check_column(attribute.key, attribute.columns[0].type, value)


def _check_column(field: str, kind: Any, value: str | int) -> None:
    if isinstance(value, str):
        bounded(field, value, getattr(kind, "length", None) or len(value))
    elif isinstance(kind, BigInteger):
        in_range(field, value, INT64)
    elif isinstance(kind, Integer):
        in_range(field, value, INT32)
