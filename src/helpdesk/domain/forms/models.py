"""Parameter definitions, parameter groups and forms: the configurable data of cases and
chat answers."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.identity.models import Account
from helpdesk.domain.kernel.tracked import TrackedMixin
from helpdesk.domain.shared.models import REQUIRED_JOIN, Base


class ParameterType(enum.StrEnum):
    SINGLE_LINE_TEXT = "SingleLineText"
    MULTI_LINE_TEXT = "MultiLineText"
    CHECKBOX = "Checkbox"
    CHOICE = "Choice"
    DROP_DOWN = "DropDown"
    HEADING = "Heading"
    EMAIL = "Email"
    DATE = "Date"
    DATA_OBJECT = "DataObject"


class ParameterScope(enum.StrEnum):
    FORM = "Form"
    CASE = "Case"


class ParameterPhase(enum.StrEnum):
    REQUEST = "Request"
    RESPONSE = "Response"


class FormStatus(enum.StrEnum):
    UNPUBLISHED = "Unpublished"
    PUBLISHED = "Published"


class ParameterDefinition(TrackedMixin, Base):
    __tablename__ = "parameter_definitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    external_id: Mapped[str | None] = mapped_column(String(255), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(String(4000))
    type: Mapped[ParameterType] = mapped_column(String(32))
    scope: Mapped[ParameterScope] = mapped_column(String(16), index=True)
    phase: Mapped[ParameterPhase] = mapped_column(String(16))
    multiple: Mapped[bool] = mapped_column(default=False)
    constraints: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    display_order: Mapped[int | None] = mapped_column()
    status: Mapped[str] = mapped_column(String(16), default="Active")

    account: Mapped[Account] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)


class ParameterGroup(TrackedMixin, Base):
    __tablename__ = "parameter_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    label: Mapped[str | None] = mapped_column(String(255))
    description: Mapped[str | None] = mapped_column(String(4000))

    account: Mapped[Account] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    members: Mapped[list[GroupParameter]] = relationship(
        back_populates="group",
        order_by="(GroupParameter.display_order, GroupParameter.id)",
        lazy="selectin",
        cascade="all, delete-orphan",
    )


class GroupParameter(TrackedMixin, Base):
    """A parameter definition placed in a group, at a display position."""

    __tablename__ = "group_parameters"
    __table_args__ = (UniqueConstraint("group_id", "parameter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("parameter_groups.id", ondelete="CASCADE"))
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter_definitions.id"), index=True)
    display_order: Mapped[int] = mapped_column(default=0)

    group: Mapped[ParameterGroup] = relationship(back_populates="members", lazy="raise")
    parameter: Mapped[ParameterDefinition] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)


class Form(TrackedMixin, Base):
    __tablename__ = "forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(32), unique=True)
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id"), index=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str | None] = mapped_column(String(4000))
    status: Mapped[FormStatus] = mapped_column(String(16), default=FormStatus.UNPUBLISHED)

    account: Mapped[Account] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
    sections: Mapped[list[FormSection]] = relationship(
        order_by="(FormSection.display_order, FormSection.group_id)",
        lazy="selectin",
        cascade="all, delete-orphan",
    )


class FormSection(Base):
    """A parameter group placed in a form, at a display position."""

    __tablename__ = "form_sections"

    form_id: Mapped[int] = mapped_column(
        ForeignKey("forms.id", ondelete="CASCADE"), primary_key=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("parameter_groups.id"), primary_key=True)
    display_order: Mapped[int] = mapped_column(default=0)

    group: Mapped[ParameterGroup] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)


class CaseParameterValue(Base):
    """A case's value for a Case-scope parameter definition."""

    __tablename__ = "case_parameter_values"
    __table_args__ = (UniqueConstraint("case_id", "parameter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    parameter_id: Mapped[int] = mapped_column(ForeignKey("parameter_definitions.id"), index=True)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)

    parameter: Mapped[ParameterDefinition] = relationship(lazy="joined", innerjoin=REQUIRED_JOIN)
