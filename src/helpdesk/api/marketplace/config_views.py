"""Parameter definitions, parameter groups and forms on the wire."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from helpdesk.api.marketplace.wire import ObjectRef, audit, reference
from helpdesk.domain.cases.statistics import ParameterStatistics
from helpdesk.domain.forms.models import (
    Form,
    GroupParameter,
    ParameterDefinition,
    ParameterGroup,
    ParameterPhase,
    ParameterScope,
    ParameterType,
)
from helpdesk.domain.forms.service import Placement
from helpdesk.domain.shared.bounds import INT32, LONG_DESCRIPTION_MAX, NAME_MAX

# An INTEGER column: 32 bits on PostgreSQL.
DisplayOrder = Annotated[int, Field(ge=INT32[0], le=INT32[1])]


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")

    def core_values(self, names: dict[str, str]) -> dict[str, Any]:
        given = self.model_dump(exclude_unset=True)
        return {names[key]: value for key, value in given.items() if key in names}


PARAMETER_NAMES = {
    "externalId": "external_id",
    "name": "name",
    "description": "description",
    "type": "type",
    "scope": "scope",
    "phase": "phase",
    "multiple": "multiple",
    "constraints": "constraints",
    "options": "options",
    "displayOrder": "display_order",
    "status": "status",
}


class ParameterUpdate(_Body):
    externalId: str | None = Field(default=None, max_length=NAME_MAX)  # noqa: N815
    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)
    type: ParameterType | None = None
    scope: ParameterScope | None = None
    phase: ParameterPhase | None = None
    multiple: bool | None = None
    constraints: dict[str, Any] | None = None
    options: dict[str, Any] | None = None
    displayOrder: DisplayOrder | None = None  # noqa: N815
    status: str | None = Field(default=None, pattern="^(Active|Inactive)$")

    def values(self) -> dict[str, Any]:
        values = self.core_values(PARAMETER_NAMES)
        for mapping in ("constraints", "options"):
            if mapping in values and values[mapping] is None:
                values[mapping] = {}
        return values


class ParameterCreate(ParameterUpdate):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    type: ParameterType
    scope: ParameterScope
    phase: ParameterPhase = ParameterPhase.REQUEST
    account: ObjectRef | None = None


GROUP_NAMES = {"name": "name", "label": "label", "description": "description"}


class GroupUpdate(_Body):
    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    label: str | None = Field(default=None, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)


class GroupCreate(GroupUpdate):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    account: ObjectRef | None = None


class MemberCreate(_Body):
    """The SDK's flows send ``{"parameterId": "PAR-..."}``; ``{"parameter": {"id"}}`` is the
    reference form every other body uses. Either names the definition."""

    parameter: ObjectRef
    displayOrder: DisplayOrder = 0  # noqa: N815

    @model_validator(mode="before")
    @classmethod
    def _parameter_id(cls, raw: Any) -> Any:
        if isinstance(raw, dict) and "parameter" not in raw and "parameterId" in raw:
            return {**raw, "parameter": {"id": raw["parameterId"]}}
        return raw


class MemberUpdate(_Body):
    displayOrder: DisplayOrder  # noqa: N815


class PlacementBody(_Body):
    parameterGroup: ObjectRef  # noqa: N815
    displayOrder: DisplayOrder = 0  # noqa: N815


class FormUpdate(_Body):
    name: str | None = Field(default=None, min_length=1, max_length=NAME_MAX)
    description: str | None = Field(default=None, max_length=LONG_DESCRIPTION_MAX)
    parameterGroups: list[PlacementBody] | None = None  # noqa: N815

    def values(self) -> dict[str, Any]:
        return self.core_values({"name": "name", "description": "description"})

    def placements(self) -> list[Placement] | None:
        if self.parameterGroups is None:
            return None
        return [Placement(p.parameterGroup.id, p.displayOrder) for p in self.parameterGroups]


class FormCreate(FormUpdate):
    name: str = Field(min_length=1, max_length=NAME_MAX)
    account: ObjectRef | None = None


def account_ref(account: Any) -> dict[str, Any] | None:
    return reference(account.public_id, account.name)


def parameter_view(
    definition: ParameterDefinition, statistics: ParameterStatistics
) -> dict[str, Any]:
    counts = (
        {"casesCount": statistics.cases}
        if definition.scope == ParameterScope.CASE
        else {"groupsCount": statistics.groups, "formsCount": statistics.forms}
    )
    return {
        "id": definition.public_id,
        "externalId": definition.external_id,
        "revision": definition.revision,
        "account": account_ref(definition.account),
        "name": definition.name,
        "description": definition.description,
        "type": definition.type,
        "scope": definition.scope,
        "phase": definition.phase,
        "multiple": definition.multiple,
        "constraints": definition.constraints,
        "options": definition.options,
        "displayOrder": definition.display_order,
        "status": definition.status,
        "statistics": counts,
        "audit": audit(definition.audit),
    }


def definition_ref(definition: ParameterDefinition) -> dict[str, Any]:
    return {
        "id": definition.public_id,
        "name": definition.name,
        "type": definition.type,
        "externalId": definition.external_id,
    }


def member_view(member: GroupParameter, group: ParameterGroup) -> dict[str, Any]:
    return {
        "id": member.public_id,
        "parameter": definition_ref(member.parameter),
        "parameterGroup": {"id": group.public_id, "name": group.name},
        "displayOrder": member.display_order,
        "audit": audit(member.audit),
    }


def group_ref(group: ParameterGroup) -> dict[str, Any]:
    return {
        "id": group.public_id,
        "name": group.name,
        "label": group.label,
        "description": group.description,
    }


def group_view(group: ParameterGroup) -> dict[str, Any]:
    return {
        **group_ref(group),
        "revision": group.revision,
        "account": account_ref(group.account),
        "parameters": [member_view(member, group) for member in group.members],
        "audit": audit(group.audit),
    }


def form_view(form: Form) -> dict[str, Any]:
    return {
        "id": form.public_id,
        "revision": form.revision,
        "name": form.name,
        "description": form.description,
        "status": form.status,
        "parameterGroups": [
            {"parameterGroup": group_ref(section.group), "displayOrder": section.display_order}
            for section in form.sections
        ],
        "account": account_ref(form.account),
        "audit": audit(form.audit),
    }
