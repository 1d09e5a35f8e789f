"""Outgoing mail over SMTP: the outbox's envelope as an RFC 5322 message, sent with
aiosmtplib to the SMTP URL the outbox chose."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from email.utils import formatdate
from urllib.parse import unquote, urlsplit

import aiosmtplib

from helpdesk.domain.outbox.service import Envelope

SCHEMES = {"smtp": False, "smtps": True}
"""URL scheme -> TLS from the first byte. ``smtp`` upgrades with STARTTLS when offered."""
DEFAULT_PORTS = {"smtp": 25, "smtps": 465}


class SendFailed(Exception):
    """The message was not accepted; worth another try later."""


def build_message(envelope: Envelope) -> EmailMessage:
    message = EmailMessage(policy=SMTP)
    message["Message-ID"] = f"<{envelope.message_id}>"
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["From"] = envelope.sender
    message["To"] = ", ".join(envelope.recipients)
    if envelope.cc:
        message["Cc"] = ", ".join(envelope.cc)
    if envelope.reply_to:
        message["Reply-To"] = envelope.reply_to
    message["Subject"] = envelope.subject
    if envelope.in_reply_to:
        message["In-Reply-To"] = f"<{envelope.in_reply_to}>"
    if envelope.references:
        message["References"] = " ".join(f"<{found}>" for found in envelope.references)
    message.set_content(envelope.text_body)
    message.add_alternative(envelope.html_body, subtype="html")
    return message


async def send(envelope: Envelope, *, seconds_allowed: float) -> None:
    """Hand the message to the envelope's SMTP server; raise SendFailed if it is not taken."""
    url = urlsplit(envelope.smtp_url)
    if url.scheme not in SCHEMES or not url.hostname:
        raise SendFailed(f"Unsupported SMTP URL (scheme {url.scheme!r}): use smtp:// or smtps://.")
    try:
        await aiosmtplib.send(
            build_message(envelope),
            hostname=url.hostname,
            port=url.port or DEFAULT_PORTS[url.scheme],
            username=unquote(url.username) if url.username else None,
            password=unquote(url.password) if url.password else None,
            use_tls=SCHEMES[url.scheme],
            timeout=seconds_allowed,
        )
    except (aiosmtplib.SMTPException, OSError) as error:
        raise SendFailed(f"{type(error).__name__}: {error}") from error
