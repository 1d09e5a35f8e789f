"""The ``mail.send`` job: send one outbox message, in the order claim, send, mark sent."""

from __future__ import annotations

from helpdesk.domain.jobs.queue import ClaimedJob
from helpdesk.domain.outbox import service as outbox
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.mail.outgoing import SendFailed, send


async def send_mail(runtime: Runtime, job: ClaimedJob) -> None:
    """Each step commits on its own: the row says ``sending`` before the SMTP server is
    reached and ``sent`` as soon as it took the message, so a later attempt never sends
    it again. A failure is recorded on the row and raised, so the job is retried with
    backoff (or fails after its last attempt, and the row with it)."""
    outbound_id = int(job.payload["outbound_mail_id"])
    async with runtime.unit_of_work() as unit:
        envelope = await outbox.begin_sending(unit.session, outbound_id)
    if envelope is None:
        return
    try:
        await send(envelope, seconds_allowed=runtime.settings.smtp_timeout_seconds)
    except SendFailed as error:
        async with runtime.unit_of_work() as unit:
            await outbox.record_failed_try(
                unit.session, outbound_id, str(error), last_try=job.is_last_attempt
            )
        raise
    async with runtime.unit_of_work() as unit:
        await outbox.mark_sent(unit.session, outbound_id)
