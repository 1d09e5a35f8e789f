"""Saved replies: prepared answers agents insert. Administrators' are shared with every
agent; an agent's own are theirs alone."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.identity.access import is_support_admin
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.mailboxes.access import (
    require_agent,
    require_saved_reply_owner,
    visible_saved_replies,
)
from helpdesk.domain.mailboxes.connections import short_text
from helpdesk.domain.mailboxes.markup import required_html
from helpdesk.domain.mailboxes.models import SavedReply
from helpdesk.domain.shared.errors import NotFound
from helpdesk.domain.shared.listing import Fields, ListQuery, fetch_items

REPLY_FIELDS = Fields({"id": SavedReply.id, "name": SavedReply.name})


@dataclass(frozen=True, slots=True)
class ReplyDraft:
    name: str | None = None
    message: str | None = None


async def list_replies(
    session: AsyncSession, actor: Actor, query: ListQuery
) -> Sequence[SavedReply]:
    require_agent(actor)
    statement = select(SavedReply).where(visible_saved_replies(actor))
    return await fetch_items(session, statement, REPLY_FIELDS, query, primary_key=SavedReply.id)


async def add_reply(session: AsyncSession, actor: Actor, draft: ReplyDraft) -> SavedReply:
    require_agent(actor)
    owner = None if is_support_admin(actor) or actor.support is None else actor.support.instance_id
    reply = SavedReply(
        name=short_text(draft.name, "name"), message=required_html(draft.message), owner_id=owner
    )
    session.add(reply)
    await session.flush()
    return reply


async def edit_reply(
    session: AsyncSession, actor: Actor, reply_id: int, draft: ReplyDraft
) -> SavedReply:
    reply = await _changeable(session, actor, reply_id)
    if draft.name is not None:
        reply.name = short_text(draft.name, "name")
    if draft.message is not None:
        reply.message = required_html(draft.message)
    await session.flush()
    return reply


async def delete_reply(session: AsyncSession, actor: Actor, reply_id: int) -> None:
    await session.delete(await _changeable(session, actor, reply_id))
    await session.flush()


async def _changeable(session: AsyncSession, actor: Actor, reply_id: int) -> SavedReply:
    """Another agent's reply is invisible (404); a shared one visible but not theirs (403)."""
    require_agent(actor)
    reply = await session.scalar(
        select(SavedReply).where(SavedReply.id == reply_id, visible_saved_replies(actor))
    )
    if reply is None:
        raise NotFound(f"Saved reply {reply_id} not found.")
    require_saved_reply_owner(actor, reply)
    return reply
