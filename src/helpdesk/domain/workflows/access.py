"""Who may manage and apply workflows: administrators, and agents holding the privilege
for the kind (automatic or manual). Workflows of a kind the caller may not manage are
invisible to them (404, never listed)."""

from __future__ import annotations

from sqlalchemy import ColumnElement, false

from helpdesk.domain.identity.access import has_agent_privilege, require_privilege
from helpdesk.domain.kernel.actor import Actor
from helpdesk.domain.shared.errors import PermissionDenied
from helpdesk.domain.workflows.models import Workflow, WorkflowType

MANAGE_AUTOMATIC = "ROLE_AGENT_MANAGE_WORKFLOW_AUTOMATIC"
MANAGE_MANUAL = "ROLE_AGENT_MANAGE_WORKFLOW_MANUAL"
APPLY_WORKFLOW = "ROLE_AGENT_APPLY_WORKFLOW"
PRIVILEGE_FOR = {WorkflowType.AUTOMATIC: MANAGE_AUTOMATIC, WorkflowType.MANUAL: MANAGE_MANUAL}


def manageable_types(actor: Actor) -> list[WorkflowType]:
    return [
        kind for kind, privilege in PRIVILEGE_FOR.items() if has_agent_privilege(actor, privilege)
    ]


def require_workflow_manager(actor: Actor) -> None:
    """Someone who may manage at least one kind of workflow."""
    if not manageable_types(actor):
        raise PermissionDenied(f"This needs the {MANAGE_AUTOMATIC} or {MANAGE_MANUAL} privilege.")


def require_manager_of(actor: Actor, kind: WorkflowType) -> None:
    require_privilege(actor, PRIVILEGE_FOR[kind])


def manageable_workflows(actor: Actor) -> ColumnElement[bool]:
    kinds = manageable_types(actor)
    return Workflow.type.in_([int(kind) for kind in kinds]) if kinds else false()


def require_applier(actor: Actor) -> None:
    require_privilege(actor, APPLY_WORKFLOW)
