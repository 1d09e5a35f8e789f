"""The SMTP listener: mail for our mailboxes, received over SMTP and ingested.

aiosmtpd speaks the protocol; this adapter answers RCPT (refusing any address that is
not one of our mailboxes' with 550 while the sender is still connected) and hands each
message's bytes to the ingest service in a unit of work of its own. A message intake
cannot place is quarantined, not refused: once we said 250 it is ours to keep."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from helpdesk.domain.mailboxes.intake import ingest
from helpdesk.domain.mailboxes.recipients import accepts_recipient
from helpdesk.domain.shared.unit_of_work import Runtime

log = logging.getLogger(__name__)

ACCEPTED = "250 2.0.0 Message accepted"
RECIPIENT_OK = "250 2.1.5 Recipient ok"
UNKNOWN_RECIPIENT = "550 5.1.1 No such mailbox here"
TRY_LATER = "451 4.3.0 Temporary failure, please try again later"


class IntakeHandler:
    """aiosmtpd's handler hooks, bound to one runtime."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime

    async def handle_RCPT(  # noqa: N802  (the hook name aiosmtpd calls)
        self,
        server: SMTP,
        session: SmtpSession,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        try:
            async with self.runtime.unit_of_work(may_write=False) as unit:
                known = await accepts_recipient(unit.session, address, unit.keys)
        except Exception:
            log.exception("recipient check failed")
            return TRY_LATER
        if not known:
            return UNKNOWN_RECIPIENT
        envelope.rcpt_tos.append(address)
        return RECIPIENT_OK

    async def handle_DATA(  # noqa: N802  (the hook name aiosmtpd calls)
        self, server: SMTP, session: SmtpSession, envelope: Envelope
    ) -> str:
        raw = envelope.original_content or b""
        try:
            async with self.runtime.unit_of_work() as unit:
                result = await ingest(
                    unit.session, raw, envelope_recipients=envelope.rcpt_tos, via="smtp"
                )
        except Exception:
            # The database is unavailable or similar: the sender keeps the message and
            # tries again later, as SMTP intends.
            log.exception("mail intake failed")
            return TRY_LATER
        log.info(
            "mail received",
            extra={"outcome": result.outcome, "ticket": result.ticket_id, "via": "smtp"},
        )
        return ACCEPTED


async def serve_smtp(runtime: Runtime, host: str, port: int) -> asyncio.Server:
    """Listen on ``host:port`` in the running loop; the caller closes the server."""
    handler = IntakeHandler(runtime)
    limit = runtime.settings.mail_max_message_bytes

    def protocol() -> Any:
        return SMTP(
            handler,
            data_size_limit=limit,
            enable_SMTPUTF8=True,
            decode_data=False,
            hostname=runtime.settings.mail_domain,
        )

    loop = asyncio.get_running_loop()
    return await loop.create_server(protocol, host=host, port=port)
