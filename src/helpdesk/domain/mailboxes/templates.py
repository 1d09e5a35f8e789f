"""Email templates: the company's own, and the defaults notifications are rendered from."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.access import require_template_manager
from helpdesk.domain.mailboxes.connections import short_text
from helpdesk.domain.mailboxes.markup import required_html
from helpdesk.domain.mailboxes.models import MESSAGE_ID_LENGTH, EmailTemplate
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.listing import Fields, ListQuery, fetch_items

TEMPLATE_FIELDS = Fields({"id": EmailTemplate.id, "name": EmailTemplate.name})


@dataclass(frozen=True, slots=True)
class TemplateDraft:
    """``None`` leaves a part as it is (an edit may send only what changes)."""

    name: str | None = None
    subject: str | None = None
    message: str | None = None


async def list_templates(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Sequence[EmailTemplate]:
    require_template_manager(actor)
    return await fetch_items(
        session, select(EmailTemplate), TEMPLATE_FIELDS, query, primary_key=EmailTemplate.id
    )


async def add_template(session: AsyncSession, actor: Actor, draft: TemplateDraft) -> EmailTemplate:
    require_template_manager(actor)
    template = EmailTemplate(
        name=short_text(draft.name, "name"),
        subject=_subject(draft.subject),
        message=required_html(draft.message),
        is_default=False,
    )
    session.add(template)
    await session.flush()
    return template


async def edit_template(
    session: AsyncSession, actor: Actor, template_id: int, draft: TemplateDraft
) -> EmailTemplate:
    require_template_manager(actor)
    template = await get_template(session, template_id)
    if draft.name is not None:
        template.name = short_text(draft.name, "name")
    if draft.subject is not None:
        template.subject = _subject(draft.subject)
    if draft.message is not None:
        template.message = required_html(draft.message)
    await session.flush()
    return template


async def delete_template(session: AsyncSession, actor: Actor, template_id: int) -> None:
    """A default template can be edited, never deleted: a notification renders from it."""
    require_template_manager(actor)
    template = await get_template(session, template_id)
    if template.is_default:
        raise Conflict("A default template cannot be deleted; edit it instead.")
    await session.delete(template)
    await session.flush()


async def view_template(session: AsyncSession, actor: Actor, template_id: int) -> EmailTemplate:
    require_template_manager(actor)
    return await get_template(session, template_id)


async def get_template(session: AsyncSession, template_id: int) -> EmailTemplate:
    template = await session.get(EmailTemplate, template_id)
    if template is None:
        raise NotFound(f"Email template {template_id} not found.")
    return template


async def template_for(session: AsyncSession, code: str) -> EmailTemplate | None:
    """The default template a notification (``ticket.reply.customer``...) renders from."""
    return await session.scalar(select(EmailTemplate).where(EmailTemplate.code == code))


def _subject(value: str | None) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ValidationFailed.for_field("subject", "subject is required.")
    if len(text) > MESSAGE_ID_LENGTH:
        raise ValidationFailed.for_field("subject", "subject is too long.")
    return text
