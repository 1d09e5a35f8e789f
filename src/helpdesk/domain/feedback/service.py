"""Feedback use cases: submit (with files), read, list, change, delete, review."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.feedback.access import require_changeable, visible_feedback
from helpdesk.domain.feedback.models import Feedback, FeedbackAttachment, FeedbackStatus
from helpdesk.domain.files import service as files
from helpdesk.domain.files.service import Upload
from helpdesk.domain.identity.access import is_operations, require_operations
from helpdesk.domain.identity.models import User
from helpdesk.domain.identity.ownership import account_paths, owning_account_id
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

REQUESTER_FIELDS = frozenset({"name", "description", "rating", "external_ids"})
OPERATIONS_FIELDS = frozenset({"notes", "internal_notes"})

COMMON_FIELDS = Fields(
    {
        "id": Feedback.public_id,
        "name": Feedback.name,
        "description": Feedback.description,
        "status": Feedback.status,
        "rating": Feedback.rating,
        "notes": Feedback.notes,
        "revision": Feedback.revision,
        "requester.id": select(User.public_id)
        .where(User.id == Feedback.requester_id)
        .scalar_subquery(),
        "audit.created.at": Feedback.created_at,
        "audit.updated.at": Feedback.updated_at,
    }
).merge(account_paths(Feedback.account_id))
ALL_FIELDS = COMMON_FIELDS.merge(Fields({"internalNotes": Feedback.internal_notes}))


async def get_feedback(session: AsyncSession, actor: Actor, public_id: str) -> Feedback:
    found = await session.scalar(
        select(Feedback)
        .where(Feedback.public_id == public_id, visible_feedback(actor))
        .execution_options(populate_existing=True)
    )
    if found is None:
        raise NotFound(f"Feedback {public_id} not found.")
    return found


async def list_feedback(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[Feedback]:
    fields = ALL_FIELDS if is_operations(actor) else COMMON_FIELDS
    statement = select(Feedback).where(visible_feedback(actor))
    return await fetch_page(session, statement, fields, query, primary_key=Feedback.id)


async def submit_feedback(
    session: AsyncSession,
    actor: Actor,
    values: Mapping[str, Any],
    *,
    submitted_from: Mapping[str, Any],
    account: str | None = None,
) -> Feedback:
    if not values.get("name"):
        raise ValidationFailed.for_field("name", "Feedback needs a name.")
    feedback = Feedback(
        public_id=await allocate_public_id(session, Feedback.public_id, "FDB", 2),
        account_id=await owning_account_id(session, actor, account),
        requester_id=actor.user_id,
        status=FeedbackStatus.SUBMITTED,
        submitted_from=dict(submitted_from),
        external_ids={},
        attachments=[],
    )
    _assign(actor, feedback, values)
    record_created(feedback, actor)
    session.add(feedback)
    await session.flush()
    return feedback


async def change_feedback(
    session: AsyncSession, actor: Actor, public_id: str, values: Mapping[str, Any]
) -> Feedback:
    feedback = await get_feedback(session, actor, public_id)
    require_changeable(actor, feedback)
    _assign(actor, feedback, values)
    if not feedback.name:
        raise ValidationFailed.for_field("name", "Feedback needs a name.")
    record_change(feedback, actor)
    await session.flush()
    return await get_feedback(session, actor, public_id)


async def delete_feedback(session: AsyncSession, actor: Actor, public_id: str) -> None:
    """Deleted feedback disappears for its account; operations keep it, marked Deleted."""
    feedback = await get_feedback(session, actor, public_id)
    require_changeable(actor, feedback)
    if feedback.status == FeedbackStatus.DELETED:
        raise Conflict(f"Feedback {public_id} is already deleted.")
    feedback.status = FeedbackStatus.DELETED
    record_change(feedback, actor, "deleted")
    await session.flush()


async def review_feedback(
    session: AsyncSession, actor: Actor, public_id: str, values: Mapping[str, Any]
) -> Feedback:
    require_operations(actor, "review feedback")
    feedback = await get_feedback(session, actor, public_id)
    if feedback.status != FeedbackStatus.SUBMITTED:
        raise Conflict(f"Feedback {public_id} is {feedback.status}, not Submitted.")
    _assign(actor, feedback, {k: v for k, v in values.items() if k in OPERATIONS_FIELDS})
    feedback.status = FeedbackStatus.REVIEWED
    record_change(feedback, actor, "reviewed")
    await session.flush()
    return await get_feedback(session, actor, public_id)


async def attach_files(
    session: AsyncSession,
    actor: Actor,
    public_id: str,
    uploads: Sequence[tuple[str | None, Upload]],
) -> list[FeedbackAttachment]:
    """Store each upload (with an optional name) and attach it to the feedback."""
    feedback = await get_feedback(session, actor, public_id)
    require_changeable(actor, feedback)
    added: list[FeedbackAttachment] = []
    for name, upload in uploads:
        stored = await files.store(session, upload, uploaded_by_id=actor.user_id)
        attachment = FeedbackAttachment(
            public_id=await allocate_public_id(session, FeedbackAttachment.public_id, "FDA", 3),
            feedback_id=feedback.id,
            file_id=stored.id,
            name=name or stored.filename,
        )
        record_created(attachment, actor)
        session.add(attachment)
        added.append(attachment)
    await session.flush()
    for attachment in added:
        await session.refresh(attachment, ["file"])
    return added


async def get_attachment(
    session: AsyncSession, actor: Actor, feedback_id: str, public_id: str
) -> FeedbackAttachment:
    feedback = await get_feedback(session, actor, feedback_id)
    for attachment in feedback.attachments:
        if attachment.public_id == public_id:
            return attachment
    raise NotFound(f"Attachment {public_id} not found.")


async def list_attachments(
    session: AsyncSession, actor: Actor, feedback_id: str, query: ListQuery
) -> Page[FeedbackAttachment]:
    feedback = await get_feedback(session, actor, feedback_id)
    statement = select(FeedbackAttachment).where(FeedbackAttachment.feedback_id == feedback.id)
    fields = Fields(
        {
            "id": FeedbackAttachment.public_id,
            "name": FeedbackAttachment.name,
            "audit.created.at": FeedbackAttachment.created_at,
        }
    )
    return await fetch_page(session, statement, fields, query, primary_key=FeedbackAttachment.id)


async def rename_attachment(
    session: AsyncSession, actor: Actor, feedback_id: str, public_id: str, name: str
) -> FeedbackAttachment:
    attachment = await get_attachment(session, actor, feedback_id, public_id)
    require_changeable(actor, await get_feedback(session, actor, feedback_id))
    attachment.name = name
    record_change(attachment, actor)
    await session.flush()
    return attachment


async def remove_attachment(
    session: AsyncSession, actor: Actor, feedback_id: str, public_id: str
) -> None:
    feedback = await get_feedback(session, actor, feedback_id)
    require_changeable(actor, feedback)
    attachment = await get_attachment(session, actor, feedback_id, public_id)
    await session.delete(attachment)
    record_change(feedback, actor)
    await session.flush()
    await files.discard(session, [attachment.file_id])


def _assign(actor: Actor, feedback: Feedback, values: Mapping[str, Any]) -> None:
    """Requesters set what they wrote; notes are for operations (ignored from others)."""
    allowed = REQUESTER_FIELDS | (OPERATIONS_FIELDS if is_operations(actor) else frozenset())
    for name, value in values.items():
        if name in allowed:
            setattr(feedback, name, value)
