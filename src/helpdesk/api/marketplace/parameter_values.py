"""Parameter values on the wire, as cases and chat answers carry them."""

from __future__ import annotations

from typing import Any

from helpdesk.domain.forms.models import ParameterDefinition
from helpdesk.domain.forms.values import Problem, display_value


def value_view(
    definition: ParameterDefinition, value: Any, problem: Problem | None = None
) -> dict[str, Any]:
    view: dict[str, Any] = {
        "id": definition.public_id,
        "parameter": {"id": definition.public_id, "name": definition.name},
        "externalId": definition.external_id,
        "name": definition.name,
        "value": value,
        "displayValue": display_value(definition, value),
        "displayOrder": definition.display_order,
        "scope": definition.scope,
        "phase": definition.phase,
        "constraints": definition.constraints,
    }
    if problem is not None:
        view["error"] = {"id": problem.code, "message": problem.message}
    return view
