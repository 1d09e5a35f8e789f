"""Mail intake over HTTP (a raw message posted to a mailbox) and the quarantine."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request, Response

from helpdesk.api.common.documented import file_only, ok
from helpdesk.api.common.downloads import file_response
from helpdesk.api.common.session import DbSession
from helpdesk.api.uvdesk import responses as schemas
from helpdesk.api.uvdesk.dependencies import UvdeskActor, UvdeskCaller
from helpdesk.api.uvdesk.listing import ListSpec, UvdeskList
from helpdesk.api.uvdesk.paging import pagination
from helpdesk.domain.mailboxes import intake_admin as service
from helpdesk.domain.mailboxes.intake import Ingested
from helpdesk.domain.mailboxes.quarantined import QuarantinedMail
from helpdesk.domain.shared.errors import ValidationFailed

router = APIRouter(tags=["UVdesk: mail intake"])

RAW_MESSAGE = "message/rfc822"
QUARANTINE = ListSpec(
    per_page=10,
    sorts={"id": "id", "createdat": "createdAt", "sender": "sender"},
    search=("sender", "subject", "reason"),
    ids={"mailbox": "mailbox"},
)
RAW_BODY = {
    "requestBody": {
        "required": True,
        "description": "One whole RFC 822 message, as a mail provider's inbound webhook posts it.",
        "content": {RAW_MESSAGE: {"schema": {"type": "string", "format": "binary"}}},
    }
}


def outcome_view(result: Ingested, message: str) -> dict[str, Any]:
    return {
        "message": message,
        "outcome": result.outcome,
        "messageId": result.message_id,
        "ticketId": result.ticket_id,
        "threadId": result.thread_id,
        "matchedBy": result.matched_by,
        "reason": result.reason,
        "quarantineId": result.quarantine_id,
        "answerable": result.answerable,
    }


def quarantined_view(item: QuarantinedMail) -> dict[str, Any]:
    return {
        "id": item.id,
        "createdAt": item.created_at.isoformat(),
        "lastAttemptAt": item.last_attempt_at.isoformat(),
        "attempts": item.attempts,
        "via": item.via,
        "mailbox": item.mailbox_id,
        "messageId": item.message_id,
        "sender": item.sender,
        "subject": item.subject,
        "reason": item.reason,
        "size": item.raw_file.size,
        "download": f"/api/mail/quarantine/{item.id}.eml",
    }


@router.post(
    "/api/mailbox/{mailbox_id:id}/inbound.json",
    responses=ok(schemas.IntakeOutcome),
    openapi_extra=RAW_BODY,
)
async def post_message(
    mailbox_id: int, request: Request, actor: UvdeskCaller, session: DbSession
) -> Any:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != RAW_MESSAGE:
        raise ValidationFailed.for_field(
            "Content-Type", f"Post the message itself as {RAW_MESSAGE}."
        )
    result = await service.receive_posted(session, actor, mailbox_id, await request.body())
    return outcome_view(result, "Success ! Message received.")


@router.get("/api/mail/quarantine.json", responses=ok(schemas.QuarantinePage))
async def list_quarantine(
    actor: UvdeskActor, session: DbSession, listing: UvdeskList = Depends(QUARANTINE)
) -> Any:
    page = await service.list_quarantined(session, actor, listing.query)
    return {
        "quarantine": [quarantined_view(item) for item in page.items],
        "pagination_data": pagination(listing.page, page.limit, page.total, len(page.items)),
    }


@router.get("/api/mail/quarantine/{item_id:id}.eml", response_class=Response, responses=file_only())
async def download_quarantined(item_id: int, actor: UvdeskActor, session: DbSession) -> Response:
    item = await service.quarantined(session, actor, item_id)
    return file_response(session, item.raw_file)


@router.post("/api/mail/quarantine/{item_id:id}/retry.json", responses=ok(schemas.IntakeOutcome))
async def retry_quarantined(item_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    result = await service.retry(session, actor, item_id)
    return outcome_view(result, "Success ! Message retried.")


@router.delete("/api/mail/quarantine/{item_id:id}.json", responses=ok(schemas.Outcome))
async def drop_quarantined(item_id: int, actor: UvdeskActor, session: DbSession) -> Any:
    await service.drop(session, actor, item_id)
    return {"message": "Success ! Message dropped."}
