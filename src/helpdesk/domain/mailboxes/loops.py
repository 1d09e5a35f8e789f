"""Mail written by machines: auto-replies, vacation notices, bounces.

Such mail never opens a ticket and is never answered automatically; answering it is
how two systems end up mailing each other forever (RFC 3834)."""

from __future__ import annotations

from email.message import EmailMessage

AUTO_REPLY = "auto-reply"
BOUNCE = "bounce"
_BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply"}
_DAEMONS = ("mailer-daemon", "postmaster")


def automatic_reason(message: EmailMessage, sender: str) -> str | None:
    """``bounce`` or ``auto-reply`` when a machine wrote ``message``; None otherwise."""
    if message.get_content_type() == "multipart/report" or sender.startswith(_DAEMONS):
        return BOUNCE
    submitted = _value(message, "Auto-Submitted")
    if submitted and submitted != "no":
        return AUTO_REPLY
    if _value(message, "Precedence") in _BULK_PRECEDENCE:
        return AUTO_REPLY
    if message.get("X-Autoreply") is not None or message.get("X-Autorespond") is not None:
        return AUTO_REPLY
    return None


def _value(message: EmailMessage, name: str) -> str:
    return str(message.get(name) or "").split(";")[0].strip().lower()
