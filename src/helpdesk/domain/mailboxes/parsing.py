"""Reading an RFC 822 message: who wrote it to whom, what it answers, its body and files.

The standard library's parser (``policy.default``) does the MIME work; this module picks
the body, decodes text whatever its charset claims, and hands attachments over as
streams, so a large file is decoded piece by piece into storage instead of held again
in memory. A message whose structure is cut short (a multipart without its closing
boundary, base64 that ends mid-quantum) is refused with ``MalformedMail``: ingesting
half a message would lose what the sender wrote without anyone noticing."""

from __future__ import annotations

import binascii
import hashlib
import html
import re
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from email import errors, policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import getaddresses

from helpdesk.domain.mailboxes.charsets import decode_text, repair_text
from helpdesk.domain.mailboxes.loops import automatic_reason

SYNTHETIC_ID_DOMAIN = "synthetic.helpdesk.invalid"
_MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
_BASE64_WINDOW = 1024 * 1024
_NAME_LENGTH = 200
"""Display names are cut here: a user's name is stored in 255 characters."""
_TRUNCATION = (
    errors.CloseBoundaryNotFoundDefect,
    errors.StartBoundaryNotFoundDefect,
    errors.MultipartInvariantViolationDefect,
)


class MalformedMail(ValueError):
    """The message cannot be read as a whole; it goes to the quarantine."""


@dataclass(frozen=True, slots=True)
class Address:
    email: str
    name: str = ""


@dataclass(frozen=True, slots=True)
class MailPart:
    """A file carried by the message (an attachment or an inline image)."""

    part: EmailMessage
    filename: str
    content_type: str
    content_id: str | None

    def chunks(self) -> AsyncIterator[bytes]:
        return decoded_chunks(self.part)


@dataclass(frozen=True, slots=True)
class ParsedMail:
    message_id: str
    """Without angle brackets; synthetic (a hash of the bytes) when the sender gave none."""
    subject: str
    sender: Address | None
    to: list[Address]
    cc: list[Address]
    in_reply_to: list[str]
    references: list[str]
    """Oldest first, as senders write them."""
    html: str
    """The body as HTML, not sanitized yet (``cid:`` references still point at parts)."""
    files: list[MailPart] = field(default_factory=list)
    automatic: str | None = None
    """Why the message was written by a machine (auto-reply, bounce), or None."""


def parse(raw: bytes) -> ParsedMail:
    message = BytesParser(policy=policy.default).parsebytes(raw)
    assert isinstance(message, EmailMessage)  # noqa: S101  (policy.default builds these)
    _refuse_truncated(message)
    sender = _first(_addresses(message, "From") or _addresses(message, "Sender"))
    body, files = _body_and_files(message)
    return ParsedMail(
        message_id=_message_id(message, raw),
        subject=_header_text(message, "Subject"),
        sender=sender,
        to=_addresses(message, "To"),
        cc=_addresses(message, "Cc"),
        in_reply_to=_message_ids(message, "In-Reply-To"),
        references=_message_ids(message, "References"),
        html=body,
        files=files,
        automatic=automatic_reason(message, sender.email if sender else ""),
    )


def header_summary(raw: bytes) -> tuple[str | None, str | None]:
    """``(sender, subject)`` read as leniently as possible, for a message set aside."""
    try:
        message = BytesParser(policy=policy.default).parsebytes(raw, headersonly=True)
        sender = _first(_addresses(message, "From"))
        return (sender.email if sender else None), _header_text(message, "Subject") or None
    except Exception:  # a summary is best effort; the reason says what failed
        return None, None


def normalise_message_id(value: str) -> str:
    found = _MESSAGE_ID.search(value)
    return (found[1] if found else value.strip().strip("<>")).strip()


def _refuse_truncated(message: EmailMessage) -> None:
    for part in message.walk():
        for defect in part.defects:
            if isinstance(defect, _TRUNCATION):
                raise MalformedMail(f"Truncated MIME structure: {type(defect).__name__}.")


def _message_id(message: EmailMessage, raw: bytes) -> str:
    declared = normalise_message_id(_header_text(message, "Message-ID"))
    if declared:
        return declared
    # Re-fetching the same bytes must find the same id, so intake stays idempotent.
    return f"{hashlib.sha256(raw).hexdigest()[:40]}@{SYNTHETIC_ID_DOMAIN}"


def _message_ids(message: EmailMessage, name: str) -> list[str]:
    text = _header_text(message, name)
    found = _MESSAGE_ID.findall(text)
    return found or [token.strip("<>") for token in text.split() if "@" in token]


def _header_text(message: EmailMessage, name: str) -> str:
    try:
        value = message.get(name)
    except Exception:  # an unparseable header reads as its raw text
        value = message.get_all(name, [""])[0] if hasattr(message, "get_all") else ""
    return repair_text(str(value or "")).strip()


def _addresses(message: EmailMessage, name: str) -> list[Address]:
    found: list[Address] = []
    for value in message.get_all(name, []):
        try:
            pairs = [(item.display_name, item.addr_spec) for item in value.addresses]
        except Exception:  # fall back to the lenient classic parser
            pairs = getaddresses([str(value)])
        found.extend(
            Address(email.strip().lower(), repair_text(display).strip()[:_NAME_LENGTH])
            for display, email in pairs
            if "@" in email
        )
    return found


def _first(addresses: list[Address]) -> Address | None:
    return addresses[0] if addresses else None


def _body_and_files(message: EmailMessage) -> tuple[str, list[MailPart]]:
    body = message.get_body(preferencelist=("html", "plain"))
    alternatives = _alternatives_of(message, body)
    files: list[MailPart] = []
    for number, part in enumerate(_leaves(message), start=1):
        if part is body or part in alternatives:
            continue
        files.append(_mail_part(part, number))
    if body is None:
        return "", files
    assert isinstance(body, EmailMessage)  # noqa: S101
    text = decode_text(body.get_payload(decode=True) or b"", body.get_content_charset())  # type: ignore[arg-type]
    return (text.strip() if body.get_content_subtype() == "html" else text_to_html(text)), files


def _alternatives_of(message: EmailMessage, body: object) -> list[EmailMessage]:
    """The other renderings of the chosen body (the text/plain beside the HTML)."""
    for part in message.walk():
        if part.get_content_type() == "multipart/alternative":
            children = part.get_payload()
            if isinstance(children, list) and _contains(part, body):
                return [c for c in _leaves(part) if c.get_content_maintype() == "text"]
    return []


def _contains(part: EmailMessage, target: object) -> bool:
    return any(leaf is target for leaf in _leaves(part))


def _leaves(part: EmailMessage) -> Iterator[EmailMessage]:
    """Leaf parts, not descending into attached messages (they stay one .eml file)."""
    if part.get_content_maintype() == "multipart" and isinstance(part.get_payload(), list):
        for child in part.get_payload():
            yield from _leaves(child)  # type: ignore[arg-type]
    else:
        yield part


def _mail_part(part: EmailMessage, number: int) -> MailPart:
    content_type = part.get_content_type()
    filename = repair_text(part.get_filename() or "")
    if not filename:
        extension = {"message/rfc822": ".eml", "text/plain": ".txt", "text/html": ".html"}
        filename = f"part-{number}{extension.get(content_type, '')}"
    content_id = normalise_message_id(str(part.get("Content-ID") or "")) or None
    return MailPart(part=part, filename=filename, content_type=content_type, content_id=content_id)


def text_to_html(text: str) -> str:
    """Plain text as escaped HTML paragraphs, line breaks kept."""
    paragraphs = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return "".join(
        "<p>" + html.escape(paragraph).replace("\n", "<br>") + "</p>"
        for paragraph in paragraphs
        if paragraph.strip()
    )


async def decoded_chunks(part: EmailMessage) -> AsyncIterator[bytes]:
    """A part's content, decoded a window at a time (base64 never decoded in one piece)."""
    encoding = str(part.get("Content-Transfer-Encoding") or "").strip().lower()
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        attached = inner[0] if isinstance(inner, list) else inner
        yield attached.as_bytes(policy=policy.compat32)  # type: ignore[union-attr]
        return
    if encoding != "base64":
        yield part.get_payload(decode=True) or b""  # type: ignore[misc]
        return
    payload = str(part.get_payload())
    pending = ""
    for start in range(0, len(payload), _BASE64_WINDOW):
        pending += "".join(payload[start : start + _BASE64_WINDOW].split())
        whole = len(pending) - len(pending) % 4
        if whole:
            yield _b64(pending[:whole])
            pending = pending[whole:]
    pending = pending.rstrip("=")
    if len(pending) == 1:
        raise MalformedMail("An attachment's base64 ends mid-way: the message was truncated.")
    if pending:
        yield _b64(pending + "=" * (-len(pending) % 4))


def _b64(text: str) -> bytes:
    try:
        return binascii.a2b_base64(text.encode("ascii", "ignore"))
    except binascii.Error as exc:
        raise MalformedMail(f"An attachment's base64 is damaged: {exc}.") from exc
