"""Queues on the wire: request bodies and the representation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from helpdesk.api.marketplace.wire import ObjectRef, audit, reference
from helpdesk.domain.cases.statistics import QueueStatistics
from helpdesk.domain.queues.models import Queue
from helpdesk.domain.shared.bounds import LONG_DESCRIPTION_MAX, NAME_MAX

# Wire name -> core name, for the fields a caller may set.
WIRE_TO_CORE = {
    "name": "name",
    "description": "description",
    "shortDescription": "short_description",
    "icon": "icon",
    "externalId": "external_id",
    "default": "is_default",
    "internal": "internal",
}


class QueueUpdate(BaseModel):
    """Read-only fields (``id``, ``status``, ``statistics``, ``audit``...) are ignored."""

    model_config = ConfigDict(extra="ignore", populate_by_name=True)

    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)
    shortDescription: str | None = Field(default=None, max_length=1000)  # noqa: N815
    icon: str | None = Field(default=None, max_length=1000)
    externalId: str | None = Field(default=None, max_length=NAME_MAX)  # noqa: N815
    default: bool | None = None
    internal: bool | None = None

    def changes(self) -> dict[str, Any]:
        given = self.model_dump(exclude_unset=True)
        if given.get("name", "") is None:
            given.pop("name")
        return {WIRE_TO_CORE[key]: value for key, value in given.items() if key in WIRE_TO_CORE}


class QueueCreate(QueueUpdate):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    account: ObjectRef | None = None


def queue_view(queue: Queue, statistics: QueueStatistics) -> dict[str, Any]:
    return {
        "id": queue.public_id,
        "revision": queue.revision,
        "name": queue.name,
        "description": queue.description,
        "shortDescription": queue.short_description,
        "icon": queue.icon,
        "externalId": queue.external_id,
        "status": queue.status,
        "default": queue.is_default,
        "internal": queue.internal,
        "account": reference(queue.account.public_id, queue.account.name, type=queue.account.type),
        "statistics": {
            "totalCasesCount": statistics.total,
            "openCasesCount": statistics.open,
        },
        "audit": audit(queue.audit),
    }
