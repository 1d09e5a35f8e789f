"""Feedback on the wire: request bodies and representations."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from helpdesk.api.marketplace.case_views import user_view
from helpdesk.api.marketplace.wire import ObjectRef, audit, reference
from helpdesk.domain.feedback.models import Feedback, FeedbackAttachment
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.bounds import NAME_MAX, NOTES_MAX

CORE_NAMES = {
    "name": "name",
    "description": "description",
    "rating": "rating",
    "externalIds": "external_ids",
    "notes": "notes",
    "internalNotes": "internal_notes",
}


class FeedbackUpdate(BaseModel):
    """``metadata``, ``status``, ``audit`` and the like are read-only and ignored."""

    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=NOTES_MAX)
    rating: int | None = Field(default=None, ge=-2, le=2)
    externalIds: dict[str, Any] | None = None  # noqa: N815
    notes: str | None = Field(default=None, max_length=NOTES_MAX)
    internalNotes: str | None = Field(default=None, max_length=NOTES_MAX)  # noqa: N815

    def values(self) -> dict[str, Any]:
        given = self.model_dump(exclude_unset=True)
        values = {CORE_NAMES[key]: value for key, value in given.items() if key in CORE_NAMES}
        if "external_ids" in values and values["external_ids"] is None:
            values["external_ids"] = {}
        return values


class FeedbackCreate(FeedbackUpdate):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    account: ObjectRef | None = None


class AttachmentBody(BaseModel):
    model_config = ConfigDict(extra="ignore")

    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)


def attachment_view(attachment: FeedbackAttachment, feedback: Feedback) -> dict[str, Any]:
    return {
        "id": attachment.public_id,
        "feedback": {"id": feedback.public_id, "name": feedback.name},
        "name": attachment.name,
        "type": attachment.kind,
        "filename": attachment.file.filename,
        "size": attachment.file.size,
        "contentType": attachment.file.content_type,
        "audit": audit(attachment.audit),
    }


def feedback_view(feedback: Feedback, actor: Actor) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": feedback.public_id,
        "revision": feedback.revision,
        "name": feedback.name,
        "description": feedback.description,
        "requester": user_view(feedback.requester),
        "account": reference(feedback.account.public_id, feedback.account.name),
        "status": feedback.status,
        "rating": feedback.rating,
        "notes": feedback.notes,
        "metadata": feedback.submitted_from,
        "externalIds": feedback.external_ids,
        "attachments": [attachment_view(item, feedback) for item in feedback.attachments],
        "audit": audit(feedback.audit),
    }
    if is_operations(actor):
        view["internalNotes"] = feedback.internal_notes
    return view
