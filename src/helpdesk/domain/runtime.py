"""How every entry point builds its runtime: with the workflow engine subscribed to the
ticket events of each unit of work.

The app, the CLI (and through it the worker, the mail listeners and importers) and the
tests' servers all build their runtime here, so no path can leave the engine out: a
ticket changed by a route, a bulk route, inbound mail or another workflow reaches it."""

from __future__ import annotations

from helpdesk.core.settings import Settings
from helpdesk.domain.shared.unit_of_work import Runtime
from helpdesk.domain.workflows.engine import on_ticket_event

SUBSCRIBERS = (on_ticket_event,)


def build_runtime(settings: Settings, *, pool_size: int | None = None) -> Runtime:
    return Runtime.from_settings(settings, subscribers=SUBSCRIBERS, pool_size=pool_size)
