"""Forms: ordered parameter groups, published to be answered in chats.

Visibility: operations see every form; other accounts see their own forms and the
forms operations have published. A published form is frozen: unpublish it to change or
delete it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.forms.groups import get_group
from helpdesk.domain.forms.models import Form, FormSection, FormStatus
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.identity.ownership import (
    account_paths,
    operations_accounts,
    owning_account_id,
    require_owner,
)
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

FORM_FIELDS = Fields(
    {
        "id": Form.public_id,
        "name": Form.name,
        "description": Form.description,
        "status": Form.status,
        "revision": Form.revision,
        "audit.created.at": Form.created_at,
        "audit.updated.at": Form.updated_at,
    }
).merge(account_paths(Form.account_id))


@dataclass(frozen=True, slots=True)
class Placement:
    group: str
    display_order: int


def visible_forms(actor: Actor) -> ColumnElement[bool]:
    if is_operations(actor):
        return true()
    if actor.account is None:
        return false()
    published_by_operations = and_(
        Form.account_id.in_(operations_accounts()), Form.status == FormStatus.PUBLISHED
    )
    return or_(Form.account_id == actor.account.id, published_by_operations)


async def get_form(session: AsyncSession, actor: Actor, public_id: str) -> Form:
    form = await session.scalar(
        select(Form)
        .where(Form.public_id == public_id, visible_forms(actor))
        .execution_options(populate_existing=True)
    )
    if form is None:
        raise NotFound(f"Form {public_id} not found.")
    return form


async def list_forms(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[Form]:
    statement = select(Form).where(visible_forms(actor))
    return await fetch_page(session, statement, FORM_FIELDS, query, primary_key=Form.id)


async def create_form(
    session: AsyncSession,
    actor: Actor,
    values: Mapping[str, Any],
    placements: Sequence[Placement] | None,
    account: str | None = None,
) -> Form:
    if not values.get("name"):
        raise ValidationFailed.for_field("name", "A form needs a name.")
    form = Form(
        public_id=await allocate_public_id(session, Form.public_id, "FRM", 2),
        account_id=await owning_account_id(session, actor, account),
        status=FormStatus.UNPUBLISHED,
        name=values["name"],
        description=values.get("description"),
    )
    record_created(form, actor)
    session.add(form)
    await session.flush()
    await _place(session, actor, form, placements or [])
    return await get_form(session, actor, form.public_id)


async def change_form(
    session: AsyncSession,
    actor: Actor,
    public_id: str,
    values: Mapping[str, Any],
    placements: Sequence[Placement] | None,
) -> Form:
    form = await _editable(session, actor, public_id)
    if "name" in values:
        if not values["name"]:
            raise ValidationFailed.for_field("name", "A form needs a name.")
        form.name = values["name"]
    if "description" in values:
        form.description = values["description"]
    if placements is not None:
        form.sections.clear()
        await session.flush()
        await _place(session, actor, form, placements)
    record_change(form, actor)
    await session.flush()
    return await get_form(session, actor, public_id)


async def delete_form(session: AsyncSession, actor: Actor, public_id: str) -> None:
    form = await _editable(session, actor, public_id)
    await session.delete(form)
    await session.flush()


async def publish_form(session: AsyncSession, actor: Actor, public_id: str) -> Form:
    form = await get_form(session, actor, public_id)
    require_owner(actor, form.account_id, "form")
    if form.status == FormStatus.PUBLISHED:
        raise Conflict(f"Form {public_id} is already published.")
    form.status = FormStatus.PUBLISHED
    record_change(form, actor, "published")
    await session.flush()
    return form


async def unpublish_form(session: AsyncSession, actor: Actor, public_id: str) -> Form:
    form = await get_form(session, actor, public_id)
    require_owner(actor, form.account_id, "form")
    if form.status != FormStatus.PUBLISHED:
        raise Conflict(f"Form {public_id} is not published.")
    form.status = FormStatus.UNPUBLISHED
    record_change(form, actor, "unpublished")
    await session.flush()
    return form


async def _editable(session: AsyncSession, actor: Actor, public_id: str) -> Form:
    form = await get_form(session, actor, public_id)
    require_owner(actor, form.account_id, "form")
    if form.status == FormStatus.PUBLISHED:
        raise Conflict(f"Form {public_id} is published: unpublish it first.")
    return form


async def _place(
    session: AsyncSession, actor: Actor, form: Form, placements: Sequence[Placement]
) -> None:
    seen: set[int] = set()
    for placement in placements:
        group = await get_group(session, actor, placement.group)
        if group.id in seen:
            raise ValidationFailed.for_field(
                "parameterGroups", f"Parameter group {placement.group} is listed twice."
            )
        seen.add(group.id)
        session.add(
            FormSection(form_id=form.id, group_id=group.id, display_order=placement.display_order)
        )
    await session.flush()
