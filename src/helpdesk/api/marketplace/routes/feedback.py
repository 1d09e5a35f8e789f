"""Feedback at /public/v1/helpdesk/feedback, with its attachments."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request, Response
from starlette.datastructures import UploadFile

from helpdesk.api.common.documented import created, json_or_file, ok
from helpdesk.api.common.downloads import file_response, wants_file
from helpdesk.api.common.session import DbSession
from helpdesk.api.common.uploads import upload_of
from helpdesk.api.marketplace import responses as schemas
from helpdesk.api.marketplace.bodies import file_parts, json_body, json_or_multipart, parse_model
from helpdesk.api.marketplace.collections import CollectionParams, envelope
from helpdesk.api.marketplace.dependencies import MarketplaceActor
from helpdesk.api.marketplace.feedback_views import (
    AttachmentBody,
    FeedbackCreate,
    FeedbackUpdate,
    attachment_view,
    feedback_view,
)
from helpdesk.api.marketplace.wire import timestamp
from helpdesk.core.clock import utcnow
from helpdesk.domain.feedback import service
from helpdesk.domain.files.service import Upload
from helpdesk.domain.shared.errors import UnsupportedMediaType, ValidationFailed

router = APIRouter(prefix="/public/v1/helpdesk/feedback", tags=["Marketplace: feedback"])


def submitted_from(request: Request) -> dict[str, Any]:
    """What the request tells about where the feedback came from; never credentials."""
    headers = request.headers
    return {
        "userAgent": headers.get("user-agent"),
        "language": headers.get("accept-language"),
        "referrer": headers.get("referer"),
        "submittedAt": timestamp(utcnow()),
    }


def uploads_of(files: list[UploadFile]) -> list[tuple[str | None, Upload]]:
    return [(None, upload_of(f)) for f in files]


@router.get("", responses=ok(schemas.FeedbackCollection))
async def list_feedback(
    params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    page = await service.list_feedback(session, actor, params.query)
    return envelope(page, lambda item: feedback_view(item, actor), params.selection)


@router.post("", status_code=201, responses=created(schemas.Feedback))
async def create_feedback(request: Request, actor: MarketplaceActor, session: DbSession) -> Any:
    body, form = await json_or_multipart(request, FeedbackCreate, "feedback")
    feedback = await service.submit_feedback(
        session,
        actor,
        body.values(),
        submitted_from=submitted_from(request),
        account=body.account.id if body.account else None,
    )
    files = file_parts(form, "attachments") if form is not None else []
    if files:
        await service.attach_files(session, actor, feedback.public_id, uploads_of(files))
    return feedback_view(await service.get_feedback(session, actor, feedback.public_id), actor)


@router.get("/{feedback_id}", responses=ok(schemas.Feedback))
async def get_feedback(feedback_id: str, actor: MarketplaceActor, session: DbSession) -> Any:
    return feedback_view(await service.get_feedback(session, actor, feedback_id), actor)


@router.put("/{feedback_id}", responses=ok(schemas.Feedback))
async def update_feedback(
    feedback_id: str, body: FeedbackUpdate, actor: MarketplaceActor, session: DbSession
) -> Any:
    feedback = await service.change_feedback(session, actor, feedback_id, body.values())
    return feedback_view(feedback, actor)


@router.delete("/{feedback_id}", status_code=204)
async def delete_feedback(
    feedback_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.delete_feedback(session, actor, feedback_id)
    return Response(status_code=204)


@router.post("/{feedback_id}/review", responses=ok(schemas.Feedback))
async def review_feedback(
    feedback_id: str, request: Request, actor: MarketplaceActor, session: DbSession
) -> Any:
    raw = await json_body(request)
    body = await parse_model(FeedbackUpdate, raw or {})
    feedback = await service.review_feedback(session, actor, feedback_id, body.values())
    return feedback_view(feedback, actor)


@router.get("/{feedback_id}/attachments", responses=ok(schemas.FeedbackAttachmentCollection))
async def list_attachments(
    feedback_id: str, params: CollectionParams, actor: MarketplaceActor, session: DbSession
) -> Any:
    feedback = await service.get_feedback(session, actor, feedback_id)
    page = await service.list_attachments(session, actor, feedback_id, params.query)
    return envelope(page, lambda item: attachment_view(item, feedback), params.selection)


@router.post(
    "/{feedback_id}/attachments", status_code=201, responses=created(schemas.FeedbackAttachment)
)
async def create_attachment(
    feedback_id: str,
    request: Request,
    actor: MarketplaceActor,
    session: DbSession,
) -> Any:
    body, form = await json_or_multipart(request, AttachmentBody, "attachment")
    if form is None:
        raise UnsupportedMediaType("Attachments are uploaded as multipart/form-data.")
    files = file_parts(form, "file")
    if len(files) != 1:
        raise ValidationFailed.for_field("file", "Send exactly one 'file' part.")
    [(_, upload)] = uploads_of(files)
    [attachment] = await service.attach_files(session, actor, feedback_id, [(body.name, upload)])
    feedback = await service.get_feedback(session, actor, feedback_id)
    return attachment_view(attachment, feedback)


@router.get(
    "/{feedback_id}/attachments/{attachment_id}", responses=json_or_file(schemas.FeedbackAttachment)
)
async def get_attachment(
    feedback_id: str,
    attachment_id: str,
    request: Request,
    *,
    actor: MarketplaceActor,
    session: DbSession,
) -> Any:
    attachment = await service.get_attachment(session, actor, feedback_id, attachment_id)
    if wants_file(request):
        return file_response(session, attachment.file)
    feedback = await service.get_feedback(session, actor, feedback_id)
    return attachment_view(attachment, feedback)


@router.put("/{feedback_id}/attachments/{attachment_id}", responses=ok(schemas.FeedbackAttachment))
async def update_attachment(
    feedback_id: str,
    attachment_id: str,
    body: AttachmentBody,
    actor: MarketplaceActor,
    session: DbSession,
) -> Any:
    if body.name is None:
        raise ValidationFailed.for_field("name", "Give the attachment a name.")
    attachment = await service.rename_attachment(
        session, actor, feedback_id, attachment_id, body.name
    )
    feedback = await service.get_feedback(session, actor, feedback_id)
    return attachment_view(attachment, feedback)


@router.delete("/{feedback_id}/attachments/{attachment_id}", status_code=204)
async def delete_attachment(
    feedback_id: str, attachment_id: str, actor: MarketplaceActor, session: DbSession
) -> Response:
    await service.remove_attachment(session, actor, feedback_id, attachment_id)
    return Response(status_code=204)
