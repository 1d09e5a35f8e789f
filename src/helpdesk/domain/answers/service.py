"""Answering forms inside chats.

An answer is edited while ``Draft`` or ``Querying``; ``submit`` checks every value against
its definition (required ones included) and freezes it until someone ``query``s it back
or ``accept``s it. ``validate`` reports problems without changing anything.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from helpdesk.domain.answers.models import AnswerStatus, ChatAnswer
from helpdesk.domain.chats.service import get_chat
from helpdesk.domain.forms import values as checks
from helpdesk.domain.forms.models import Form, FormStatus, ParameterDefinition
from helpdesk.domain.forms.service import get_form
from helpdesk.domain.identity.access import is_operations
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.kernel.tracked import record_change, record_created
from helpdesk.domain.shared.errors import Conflict, NotFound, ValidationFailed
from helpdesk.domain.shared.ids import allocate_public_id
from helpdesk.domain.shared.listing import Fields, ListQuery, Page, fetch_page

EDITABLE_IN = frozenset({AnswerStatus.DRAFT, AnswerStatus.QUERYING})

# action -> (allowed from, to, audit event)
TRANSITIONS: dict[str, tuple[frozenset[AnswerStatus], AnswerStatus, str]] = {
    "submit": (EDITABLE_IN, AnswerStatus.SUBMITTED, "submitted"),
    "accept": (frozenset({AnswerStatus.SUBMITTED}), AnswerStatus.ACCEPTED, "accepted"),
    "query": (frozenset({AnswerStatus.SUBMITTED}), AnswerStatus.QUERYING, "queried"),
}

ANSWER_FIELDS = Fields(
    {
        "id": ChatAnswer.public_id,
        "name": ChatAnswer.name,
        "status": ChatAnswer.status,
        "revision": ChatAnswer.revision,
        "form.id": select(Form.public_id).where(Form.id == ChatAnswer.form_id).scalar_subquery(),
        "audit.created.at": ChatAnswer.created_at,
        "audit.updated.at": ChatAnswer.updated_at,
    }
)


@dataclass(frozen=True, slots=True)
class Checked:
    """An answer's values laid out in form order, each with its problem if any."""

    answer: ChatAnswer
    rows: Sequence[tuple[ParameterDefinition, Any, checks.Problem | None]]


def form_definitions(form: Form) -> list[ParameterDefinition]:
    return [member.parameter for section in form.sections for member in section.group.members]


async def list_answers(
    session: AsyncSession, actor: Actor, chat_id: str, query: ListQuery
) -> Page[ChatAnswer]:
    chat = await get_chat(session, actor, chat_id)
    statement = select(ChatAnswer).where(ChatAnswer.chat_id == chat.id)
    return await fetch_page(session, statement, ANSWER_FIELDS, query, primary_key=ChatAnswer.id)


async def get_answer(
    session: AsyncSession, actor: Actor, chat_id: str, public_id: str
) -> ChatAnswer:
    chat = await get_chat(session, actor, chat_id)
    answer = await session.scalar(
        select(ChatAnswer)
        .where(ChatAnswer.chat_id == chat.id, ChatAnswer.public_id == public_id)
        .execution_options(populate_existing=True)
    )
    if answer is None:
        raise NotFound(f"Answer {public_id} not found.")
    return answer


async def start_answer(
    session: AsyncSession,
    actor: Actor,
    chat_id: str,
    form_id: str,
    *,
    name: str | None,
    given: Sequence[Mapping[str, Any]],
) -> ChatAnswer:
    chat = await get_chat(session, actor, chat_id)
    form = await get_form(session, actor, form_id)
    if form.status != FormStatus.PUBLISHED:
        raise Conflict(f"Form {form_id} is not published and cannot be answered.")
    answer = ChatAnswer(
        public_id=await allocate_public_id(session, ChatAnswer.public_id, "ANS", 2),
        chat_id=chat.id,
        form_id=form.id,
        name=name or form.name,
        status=AnswerStatus.DRAFT,
        values={},
    )
    answer.values = _merged(actor, form, {}, given, complete=False)
    record_created(answer, actor)
    session.add(answer)
    await session.flush()
    return await get_answer(session, actor, chat_id, answer.public_id)


async def change_answer(
    session: AsyncSession,
    actor: Actor,
    chat_id: str,
    public_id: str,
    *,
    name: str | None,
    given: Sequence[Mapping[str, Any]] | None,
) -> ChatAnswer:
    answer = await get_answer(session, actor, chat_id, public_id)
    if answer.status not in EDITABLE_IN:
        raise Conflict(f"Answer {public_id} is {answer.status} and cannot be edited.")
    if name is not None:
        answer.name = name
    if given is not None:
        answer.values = _merged(actor, answer.form, answer.values, given, complete=False)
    record_change(answer, actor)
    await session.flush()
    return answer


async def delete_answer(session: AsyncSession, actor: Actor, chat_id: str, public_id: str) -> None:
    answer = await get_answer(session, actor, chat_id, public_id)
    if answer.status == AnswerStatus.ACCEPTED:
        raise Conflict(f"Answer {public_id} was accepted and is kept.")
    await session.delete(answer)
    await session.flush()


async def move_answer(
    session: AsyncSession,
    actor: Actor,
    chat_id: str,
    public_id: str,
    action: str,
    *,
    given: Sequence[Mapping[str, Any]] | None = None,
) -> ChatAnswer:
    answer = await get_answer(session, actor, chat_id, public_id)
    allowed_from, target, event = TRANSITIONS[action]
    if answer.status not in allowed_from:
        raise Conflict(f"Answer {public_id} is {answer.status} and cannot be moved to {target}.")
    if action == "submit":
        answer.values = _merged(actor, answer.form, answer.values, given or [], complete=True)
    answer.status = target
    record_change(answer, actor, event)
    await session.flush()
    return answer


async def validate_answer(
    session: AsyncSession,
    actor: Actor,
    chat_id: str,
    public_id: str,
    given: Sequence[Mapping[str, Any]] | None,
) -> Checked:
    """The answer as it would be with ``given`` applied, each value with its problem."""
    answer = await get_answer(session, actor, chat_id, public_id)
    candidate = dict(answer.values)
    if given:
        candidate.update(_by_definition(answer.form, given))
    return Checked(answer, _rows(actor, answer.form, candidate))


def checked(actor: Actor, answer: ChatAnswer) -> Checked:
    """The stored values laid out for display, without problems."""
    rows = [
        (definition, answer.values.get(definition.public_id), None)
        for definition in form_definitions(answer.form)
    ]
    return Checked(answer, rows)


def _rows(
    actor: Actor, form: Form, candidate: Mapping[str, Any]
) -> list[tuple[ParameterDefinition, Any, checks.Problem | None]]:
    return [
        (
            definition,
            candidate.get(definition.public_id),
            checks.problem_with(
                definition,
                candidate.get(definition.public_id),
                may_set_readonly=is_operations(actor),
            ),
        )
        for definition in form_definitions(form)
    ]


def _by_definition(form: Form, given: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Given values keyed by the public id of the form parameter each one names."""
    by_reference: dict[str, ParameterDefinition] = {}
    for definition in form_definitions(form):
        by_reference[definition.public_id] = definition
        if definition.external_id:
            by_reference[definition.external_id] = definition
    keyed: dict[str, Any] = {}
    for index, item in enumerate(given):
        reference = checks.reference_of(item)
        found = by_reference.get(reference or "")
        if found is None:
            raise ValidationFailed.for_field(
                f"parameters[{index}]", f"{reference} is not a parameter of this form."
            )
        keyed[found.public_id] = item.get("value")
    return keyed


def _merged(
    actor: Actor,
    form: Form,
    current: Mapping[str, Any],
    given: Sequence[Mapping[str, Any]],
    *,
    complete: bool,
) -> dict[str, Any]:
    """``current`` with ``given`` applied; the given values (every value when ``complete``)
    must pass their definitions' rules."""
    updates = _by_definition(form, given)
    merged = {**current, **updates}
    found = {
        definition.public_id: problem
        for definition, _, problem in _rows(actor, form, merged)
        if problem is not None and (complete or definition.public_id in updates)
    }
    if found:
        raise ValidationFailed(
            "Some parameter values are invalid.",
            {f"parameters.{key}": [problem.message] for key, problem in found.items()},
        )
    return merged
