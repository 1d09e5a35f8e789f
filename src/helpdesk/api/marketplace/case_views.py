"""Cases on the wire: request bodies and the representation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from helpdesk.api.marketplace.chat_views import last_message_view
from helpdesk.api.marketplace.parameter_values import value_view
from helpdesk.api.marketplace.wire import ObjectRef, audit, reference
from helpdesk.domain.cases.access import sees_operations_fields
from helpdesk.domain.cases.commands import CaseChanges, NewCase
from helpdesk.domain.cases.models import Case
from helpdesk.domain.identity.models import User
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.bounds import LONG_DESCRIPTION_MAX, MESSAGE_MAX


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class OpeningMessage(_Body):
    content: str = Field(min_length=1, max_length=MESSAGE_MAX)


class CaseChat(_Body):
    lastMessage: OpeningMessage  # noqa: N815


class CaseCreate(_Body):
    queue: ObjectRef
    chat: CaseChat
    parameters: list[dict[str, Any]] | None = None
    reporter: ObjectRef | None = None
    account: ObjectRef | None = None

    def command(self) -> NewCase:
        return NewCase(
            queue=self.queue.id,
            opening_message=self.chat.lastMessage.content,
            account=self.account.id if self.account else None,
            reporter=self.reporter.id if self.reporter else None,
            parameters=self.parameters,
        )


class CaseUpdate(_Body):
    awaiting: bool | None = None
    queue: ObjectRef | None = None
    assignee: ObjectRef | None = None
    parameters: list[dict[str, Any]] | None = None

    def changes(self) -> CaseChanges:
        sent = self.model_fields_set
        return CaseChanges(
            awaiting=self.awaiting,
            queue=self.queue.id if self.queue else None,
            assignee=self.assignee.id if self.assignee else None,
            unassign="assignee" in sent and self.assignee is None,
            parameters=self.parameters,
            sent=frozenset(sent),
        )


class QueryBody(_Body):
    queryPrompt: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)  # noqa: N815


def user_view(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {
        "id": user.public_id,
        "email": user.email,
        "firstName": user.first_name,
        "lastName": user.last_name,
        "name": user.full_name,
    }


def case_view(found: Case, actor: Actor) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": found.public_id,
        "revision": found.revision,
        "status": found.status,
        "queryPrompt": found.query_prompt,
        "queue": reference(found.queue.public_id, found.queue.name),
        "assignee": user_view(found.assignee),
        "account": reference(found.account.public_id, found.account.name),
        "reporter": user_view(found.reporter),
        "chat": {
            "id": found.chat.public_id,
            "name": found.chat.name,
            "lastMessage": last_message_view(found.chat),
        },
        "parameters": [
            value_view(item.parameter, item.value)
            for item in sorted(
                found.parameter_values,
                key=lambda item: (item.parameter.display_order or 0, item.parameter_id),
            )
        ],
        "audit": audit(found.audit),
    }
    if sees_operations_fields(actor):
        view["awaiting"] = found.awaiting
    return view
