"""Marketplace response bodies as documented in ``/openapi.json``.

One model per representation the views build (``*_view`` functions), with the wire's
names and exactly the wire's nulls. Lists are documented with ``collection_of``: the
``$meta`` envelope around items that ``select=`` may have trimmed.
"""

from __future__ import annotations

import functools
import operator
from types import GenericAlias, UnionType
from typing import Any, Literal, Union, get_args, get_origin

from pydantic import BaseModel, Field, create_model

from helpdesk.api.common.documented import WireModel, sometimes
from helpdesk.domain.answers.models import AnswerStatus
from helpdesk.domain.cases.models import CaseStatus
from helpdesk.domain.chats.models import ChatType, ParticipantStatus, Visibility
from helpdesk.domain.feedback.models import FeedbackStatus
from helpdesk.domain.forms.models import FormStatus, ParameterPhase, ParameterScope, ParameterType
from helpdesk.domain.identity.models import AccountType
from helpdesk.domain.queues.models import QueueStatus


class Moment(WireModel):
    at: str = Field(description="ISO-8601 UTC with milliseconds: 2026-01-31T23:00:00.000Z.")


class AuditActor(WireModel):
    id: str
    name: str


class AuditEvent(Moment):
    by: AuditActor


class Audit(WireModel):
    """``created`` and ``updated``, plus the latest of each state event (``completed``...)."""

    __pydantic_extra__: dict[str, AuditEvent] = Field(init=False)

    created: AuditEvent
    updated: AuditEvent


class IdRef(WireModel):
    id: str


class NamedRef(WireModel):
    id: str
    name: str


class AccountRef(NamedRef):
    type: AccountType


class ContactAudit(WireModel):
    created: Moment
    updated: Moment


class Contact(WireModel):
    id: str
    name: str
    email: str
    audit: ContactAudit


class QueueStatistics(WireModel):
    total_cases_count: int
    open_cases_count: int


class Queue(WireModel):
    id: str
    revision: int
    name: str
    description: str | None
    short_description: str | None
    icon: str | None
    external_id: str | None
    status: QueueStatus
    default: bool
    internal: bool
    account: AccountRef
    statistics: QueueStatistics
    audit: Audit


class UserView(WireModel):
    id: str
    email: str
    first_name: str
    last_name: str
    name: str


class ContactSummary(WireModel):
    id: str
    name: str
    email: str


class ParticipantRef(WireModel):
    id: str
    contact: ContactSummary


class LastMessage(WireModel):
    id: str
    content: str
    visibility: Visibility
    is_deleted: bool
    sender: ParticipantRef
    audit: Audit


class ValueProblem(WireModel):
    id: str
    message: str


class ParameterValue(WireModel):
    id: str
    parameter: NamedRef
    external_id: str | None
    name: str
    value: Any = Field(description="As given: text, number, boolean, list, object or null.")
    display_value: str | None
    display_order: int | None
    scope: ParameterScope
    phase: ParameterPhase
    constraints: dict[str, Any]
    error: ValueProblem = sometimes("Only on answers, for a value that fails its constraints.")


class CaseChatSummary(WireModel):
    id: str
    name: str | None
    last_message: LastMessage | None


class Case(WireModel):
    id: str
    revision: int
    status: CaseStatus
    query_prompt: str | None
    queue: NamedRef
    assignee: UserView | None
    account: NamedRef
    reporter: UserView
    chat: CaseChatSummary
    parameters: list[ParameterValue]
    audit: Audit
    awaiting: bool = sometimes("Only for operations.")


class ChatRef(WireModel):
    id: str
    name: str | None
    type: ChatType


class Chat(WireModel):
    id: str
    revision: int
    type: ChatType
    name: str | None
    description: str | None
    icon: str | None = Field(description="The URL of the chat's icon, when it has one.")
    last_message: LastMessage | None
    audit: Audit
    participants: list[ParticipantRef] = Field(
        description="Always on a single chat; in lists only with select=+participants."
    )


class Identity(WireModel):
    id: str
    name: str
    icon: None
    type: Literal["User"]


class Participant(WireModel):
    id: str
    chat: ChatRef
    status: ParticipantStatus
    contact: ContactSummary
    identity: Identity | None
    account: NamedRef | None
    last_read_message: IdRef | None
    unread: int
    muted: bool
    audit: Audit


class Message(WireModel):
    id: str
    chat: ChatRef
    sender: ParticipantRef
    content: str
    visibility: Visibility
    is_deleted: bool
    audit: Audit


class ChatAttachment(WireModel):
    id: str
    chat: ChatRef
    message: IdRef | None
    name: str
    description: str | None
    filename: str
    content_type: str
    size: int
    is_deleted: bool
    audit: Audit


class ChatLink(WireModel):
    id: str
    chat: ChatRef
    message: IdRef | None
    uri: str
    object_id: str | None
    name: str | None
    icon: str | None
    is_deleted: bool
    audit: Audit


class Answer(WireModel):
    id: str
    name: str
    chat: IdRef
    form: NamedRef
    status: AnswerStatus
    parameters: list[ParameterValue]
    revision: int
    audit: Audit


class ParameterStatistics(WireModel):
    cases_count: int = sometimes("For case parameters.")
    groups_count: int = sometimes("For other parameters.")
    forms_count: int = sometimes("For other parameters.")


class Parameter(WireModel):
    id: str
    external_id: str | None
    revision: int
    account: NamedRef
    name: str
    description: str | None
    type: ParameterType
    scope: ParameterScope
    phase: ParameterPhase
    multiple: bool
    constraints: dict[str, Any]
    options: dict[str, Any]
    display_order: int | None
    status: Literal["Active", "Inactive"]
    statistics: ParameterStatistics
    audit: Audit


class DefinitionRef(WireModel):
    id: str
    name: str
    type: ParameterType
    external_id: str | None


class GroupMember(WireModel):
    id: str
    parameter: DefinitionRef
    parameter_group: NamedRef
    display_order: int
    audit: Audit


class GroupRef(WireModel):
    id: str
    name: str
    label: str | None
    description: str | None


class ParameterGroup(GroupRef):
    revision: int
    account: NamedRef
    parameters: list[GroupMember]
    audit: Audit


class FormSection(WireModel):
    parameter_group: GroupRef
    display_order: int


class Form(WireModel):
    id: str
    revision: int
    name: str
    description: str | None
    status: FormStatus
    parameter_groups: list[FormSection]
    account: NamedRef
    audit: Audit


class FeedbackAttachment(WireModel):
    id: str
    feedback: NamedRef
    name: str
    type: str
    filename: str
    size: int
    content_type: str
    audit: Audit


class Feedback(WireModel):
    id: str
    revision: int
    name: str
    description: str | None
    requester: UserView
    account: NamedRef
    status: FeedbackStatus
    rating: int | None
    notes: str | None
    metadata: dict[str, Any] = Field(description="Where the feedback was submitted from.")
    external_ids: dict[str, Any]
    attachments: list[FeedbackAttachment]
    audit: Audit
    internal_notes: str | None = sometimes("Only for operations.")


class Pagination(WireModel):
    offset: int
    limit: int
    total: int


class CollectionMeta(WireModel):
    pagination: Pagination
    omitted: list[str] = Field(description="Fields left out of every item.")


class CollectionBase(WireModel):
    meta: CollectionMeta = Field(alias="$meta")


_SELECTIONS: dict[type[BaseModel], type[BaseModel]] = {}


def selectable(model: type[BaseModel]) -> type[BaseModel]:
    """``model`` with every field, at any depth, optional: what ``select=`` may leave of it."""
    if model not in _SELECTIONS:
        fields: dict[str, Any] = {
            name: (_selected(info.annotation), Field(default=None, alias=info.alias))
            for name, info in model.model_fields.items()
        }
        _SELECTIONS[model] = create_model(
            f"{model.__name__}Selection",
            __base__=WireModel,
            __doc__=f"{model.__name__} as a collection sends it: select= may drop any key.",
            **fields,
        )
    return _SELECTIONS[model]


def _selected(annotation: Any) -> Any:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return selectable(annotation)
    origin = get_origin(annotation)
    if origin not in (list, dict, Union, UnionType):
        return annotation  # a scalar, Any or a Literal: nothing inside to trim
    loosened = tuple(_selected(argument) for argument in get_args(annotation))
    if origin in (Union, UnionType):
        return functools.reduce(operator.or_, loosened)
    return GenericAlias(origin, loosened)


def collection_of(model: type[BaseModel]) -> type[BaseModel]:
    """The list envelope: ``{"$meta": {"pagination", "omitted"}, "data": [...]}``."""
    items: dict[str, Any] = {"data": (GenericAlias(list, (selectable(model),)), ...)}
    return create_model(f"{model.__name__}Collection", __base__=CollectionBase, **items)


ContactCollection = collection_of(Contact)
QueueCollection = collection_of(Queue)
CaseCollection = collection_of(Case)
ChatCollection = collection_of(Chat)
ParticipantCollection = collection_of(Participant)
MessageCollection = collection_of(Message)
ChatAttachmentCollection = collection_of(ChatAttachment)
ChatLinkCollection = collection_of(ChatLink)
AnswerCollection = collection_of(Answer)
ParameterCollection = collection_of(Parameter)
ParameterGroupCollection = collection_of(ParameterGroup)
GroupMemberCollection = collection_of(GroupMember)
FormCollection = collection_of(Form)
FeedbackCollection = collection_of(Feedback)
FeedbackAttachmentCollection = collection_of(FeedbackAttachment)


class Problem(WireModel):
    """An RFC 7807 problem document: every Marketplace error, sent as application/problem+json."""

    type: str
    title: str
    status: int
    detail: str
    trace_id: str | None
    errors: dict[str, list[str]] = sometimes("Field paths and their messages, for bad input.")
