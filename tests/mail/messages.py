"""Building test messages with the standard library, the way mail clients write them."""

from __future__ import annotations

from email.message import EmailMessage
from email.utils import make_msgid


def message(
    *,
    sender: str = "Carla Customer <carla@customer.example>",
    to: str = "support@desk.example",
    subject: str = "Printer on fire",
    body: str = "It is on fire.\n\nPlease help.",
    cc: str | None = None,
    message_id: str | None = None,
    in_reply_to: str | None = None,
    references: str | None = None,
    headers: dict[str, str] | None = None,
) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = sender
    mail["To"] = to
    if cc:
        mail["Cc"] = cc
    mail["Subject"] = subject
    mail["Message-ID"] = message_id or make_msgid(domain="customer.example")
    if in_reply_to:
        mail["In-Reply-To"] = in_reply_to
    if references:
        mail["References"] = references
    for name, value in (headers or {}).items():
        mail[name] = value
    mail.set_content(body)
    return mail
