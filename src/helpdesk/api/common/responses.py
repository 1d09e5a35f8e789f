"""Response bodies of the dialect-neutral routes, as documented in ``/openapi.json``."""

from __future__ import annotations

from helpdesk.api.common.documented import WireModel


class Health(WireModel):
    status: str
    database: str
