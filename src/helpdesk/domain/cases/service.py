"""Case use cases: file, read, list, change, and move through the life cycle."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from helpdesk.domain.cases.access import sees_operations_fields, visible_cases
from helpdesk.domain.cases.commands import CaseChanges, NewCase
from helpdesk.domain.cases.models import Case, CaseStatus
from helpdesk.domain.chats import service as chats
from helpdesk.domain.chats.models import Chat, ChatType
from helpdesk.domain.forms import values
from helpdesk.domain.forms.models import CaseParameterValue, ParameterScope
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.identity.models import Account, AccountType, Contact, User
from helpdesk.domain.identity.ownership import account_paths, owning_account_id
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.queues.models import Queue, QueueStatus
from helpdesk.domain.queues.service import get_queue
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

CHAT_NAME_LENGTH = 100

# (allowed from, to, audit event) for each state action.
TRANSITIONS: dict[str, tuple[frozenset[CaseStatus], CaseStatus, str]] = {
    "query": (frozenset({CaseStatus.PROCESSING}), CaseStatus.QUERYING, "queried"),
    "process": (
        frozenset({CaseStatus.QUERYING, CaseStatus.COMPLETED}),
        CaseStatus.PROCESSING,
        "processed",
    ),
    "complete": (
        frozenset({CaseStatus.PROCESSING, CaseStatus.QUERYING}),
        CaseStatus.COMPLETED,
        "completed",
    ),
}

_reporter = aliased(User)
_assignee = aliased(User)

COMMON_FIELDS = Fields(
    {
        "id": Case.public_id,
        "status": Case.status,
        "revision": Case.revision,
        "queryPrompt": Case.query_prompt,
        "queue.id": select(Queue.public_id).where(Queue.id == Case.queue_id).scalar_subquery(),
        "queue.name": select(Queue.name).where(Queue.id == Case.queue_id).scalar_subquery(),
        "reporter.id": select(_reporter.public_id)
        .where(_reporter.id == Case.reporter_id)
        .scalar_subquery(),
        "reporter.email": select(_reporter.email)
        .where(_reporter.id == Case.reporter_id)
        .scalar_subquery(),
        "assignee.id": select(_assignee.public_id)
        .where(_assignee.id == Case.assignee_id)
        .scalar_subquery(),
        "assignee.email": select(_assignee.email)
        .where(_assignee.id == Case.assignee_id)
        .scalar_subquery(),
        "chat.id": select(Chat.public_id).where(Chat.id == Case.chat_id).scalar_subquery(),
        "chat.name": select(Chat.name).where(Chat.id == Case.chat_id).scalar_subquery(),
        "audit.created.at": Case.created_at,
        "audit.updated.at": Case.updated_at,
    }
).merge(account_paths(Case.account_id))
OPERATIONS_FIELDS = COMMON_FIELDS.merge(Fields({"awaiting": Case.awaiting}))


async def get_case(session: AsyncSession, actor: Actor, public_id: str) -> Case:
    found = await session.scalar(
        select(Case)
        .where(Case.public_id == public_id, visible_cases(actor))
        .execution_options(populate_existing=True)
    )
    if found is None:
        raise NotFound(f"Case {public_id} not found.")
    return found


async def list_cases(session: AsyncSession, actor: Actor, query: ListQuery) -> Page[Case]:
    # Filtering on operations-only fields would reveal them, so others cannot name them.
    fields = OPERATIONS_FIELDS if sees_operations_fields(actor) else COMMON_FIELDS
    statement = select(Case).where(visible_cases(actor))
    return await fetch_page(session, statement, fields, query, primary_key=Case.id)


async def file_case(session: AsyncSession, actor: Actor, command: NewCase) -> Case:
    """A new case in ``Processing``, with its chat opened by the first message."""
    queue = await get_queue(session, actor, command.queue)
    if queue.status != QueueStatus.ACTIVE:
        raise Conflict(f"Queue {queue.public_id} is disabled and accepts no new cases.")
    content = command.opening_message.strip()
    if not content:
        raise ValidationFailed.for_field("chat.lastMessage.content", "A case opens with a message.")
    account_id = await owning_account_id(session, actor, command.account)
    reporter = await _reporter_for(session, actor, account_id, command.reporter)
    chat = await chats.open_chat(
        session,
        actor,
        type=ChatType.CASE,
        name=chat_name(content),
        participants=[await _contact_of(session, reporter)],
        opening_message=content,
    )
    new_case = Case(
        public_id=await allocate_public_id(session, Case.public_id, "CAS", 2),
        status=CaseStatus.PROCESSING,
        awaiting=False,
        queue_id=queue.id,
        account_id=account_id,
        reporter_id=reporter.id,
        chat_id=chat.id,
        parameter_values=[],
    )
    record_created(new_case, actor)
    session.add(new_case)
    await session.flush()
    if command.parameters:
        await _set_parameters(session, actor, new_case, command.parameters)
    return await get_case(session, actor, new_case.public_id)


async def change_case(
    session: AsyncSession, actor: Actor, public_id: str, changes: CaseChanges
) -> Case:
    found = await get_case(session, actor, public_id)
    if changes.awaiting is not None and sees_operations_fields(actor):
        found.awaiting = changes.awaiting
    if changes.queue is not None and changes.queue != found.queue.public_id:
        found.queue_id = (await _open_queue(session, actor, changes.queue)).id
    if changes.unassign:
        found.assignee_id = None
    elif changes.assignee is not None:
        assignee = await _assignee_for(session, found, changes.assignee)
        found.assignee_id = assignee.id
        await chats.add_member(session, actor, found.chat, await _contact_of(session, assignee))
    if changes.parameters is not None:
        await _set_parameters(session, actor, found, changes.parameters)
    record_change(found, actor)
    await session.flush()
    session.expire(found)
    return await get_case(session, actor, public_id)


async def move_case(
    session: AsyncSession, actor: Actor, public_id: str, action: str, prompt: str | None = None
) -> Case:
    found = await get_case(session, actor, public_id)
    allowed_from, target, event = TRANSITIONS[action]
    if found.status not in allowed_from:
        raise Conflict(f"Case {public_id} is {found.status} and cannot be moved to {target}.")
    found.status = target
    if action == "query":
        found.query_prompt = prompt
    record_change(found, actor, event)
    await session.flush()
    return found


async def _set_parameters(
    session: AsyncSession, actor: Actor, found: Case, given: Sequence[Mapping[str, Any]]
) -> None:
    """Set the values given (others stay), after checking them against their definitions."""
    entries = await values.resolve(session, actor, given, ParameterScope.CASE)
    values.require_valid(entries, may_set_readonly=is_operations(actor))
    current = {value.parameter_id: value for value in found.parameter_values}
    for entry in entries:
        existing = current.get(entry.definition.id)
        if existing is not None:
            existing.value = entry.value
        else:
            found.parameter_values.append(
                CaseParameterValue(parameter_id=entry.definition.id, value=entry.value)
            )
    await session.flush()


def chat_name(first_message: str) -> str:
    """A case chat is named after its first message, cut at a word boundary."""
    line = " ".join(first_message.split())
    if len(line) <= CHAT_NAME_LENGTH:
        return line
    cut = line[: CHAT_NAME_LENGTH - 1].rsplit(" ", 1)[0]
    return f"{cut}…"


async def _open_queue(session: AsyncSession, actor: Actor, public_id: str) -> Queue:
    queue = await get_queue(session, actor, public_id)
    if queue.status != QueueStatus.ACTIVE:
        raise Conflict(f"Queue {public_id} is disabled and accepts no new cases.")
    return queue


async def _reporter_for(
    session: AsyncSession, actor: Actor, account_id: int, requested: str | None
) -> User:
    if requested is None or requested == actor.user_public_id:
        if actor.account is not None and account_id != actor.account.id:
            raise ValidationFailed.for_field(
                "reporter", "A case filed for another account needs a reporter of that account."
            )
        user = await session.get(User, actor.user_id)
        if user is None:
            raise NotFound("The calling user no longer exists.")
        return user
    user = await session.scalar(
        select(User).where(User.public_id == requested, User.account_id == account_id)
    )
    if user is None:
        raise ValidationFailed.for_field(
            "reporter", f"User {requested} is not a user of the case's account."
        )
    return user


async def _assignee_for(session: AsyncSession, found: Case, requested: str) -> User:
    """An assignee works for operations or for the account that filed the case."""
    user = await session.scalar(
        select(User)
        .join(Account, Account.id == User.account_id)
        .where(
            User.public_id == requested,
            (Account.type == AccountType.OPERATIONS) | (Account.id == found.account_id),
        )
    )
    if user is None:
        raise ValidationFailed.for_field("assignee", f"User {requested} cannot be assigned.")
    return user


async def _contact_of(session: AsyncSession, user: User) -> Contact:
    contact = await session.scalar(select(Contact).where(Contact.user_id == user.id))
    if contact is None:
        raise NotFound(f"User {user.public_id} has no contact.")
    return contact
