"""The UVdesk helpdesk's organisation: company settings, groups, teams (sub-groups),
ticket types, statuses, priorities, labels, tags and custom fields."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from helpdesk.domain.identity.models import UserInstance
from helpdesk.domain.shared.models import Base, TimestampMixin


class Company(Base):
    """The one helpdesk company: its details, timezone, next ticket number, business hours,
    spam lists and help-centre theme."""

    __tablename__ = "companies"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), default="Helpdesk")
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    next_ticket_id: Mapped[int] = mapped_column(default=1)
    spam_black_list: Mapped[str | None] = mapped_column(Text)
    """Comma-separated addresses or domains whose mail never makes a normal ticket."""
    spam_white_list: Mapped[str | None] = mapped_column(Text)
    """Comma-separated addresses or domains that the black list never catches."""
    support_email: Mapped[str | None] = mapped_column(String(320))
    pending_since: Mapped[int] = mapped_column(default=0)
    """Hours since a customer's last reply after which a ticket counts as pending; 0: off."""
    default_mailbox_id: Mapped[int | None] = mapped_column(
        ForeignKey("mailboxes.id", ondelete="SET NULL")
    )
    default_status_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_statuses.id"))
    """The status of new tickets that name none (Open when unset)."""
    default_priority_id: Mapped[int | None] = mapped_column(ForeignKey("ticket_priorities.id"))
    """The priority of new tickets that name none (Low when unset)."""
    time_format: Mapped[str | None] = mapped_column(String(64))
    pending_notification_template_id: Mapped[int | None] = mapped_column(
        ForeignKey("email_templates.id", ondelete="SET NULL")
    )
    business_hours: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    """Per weekday ``{"is_active"?: "on", "from": "9:00", "to": "18:00"}``; None: the default."""
    theme: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    """The help centre's text settings (domain, colours, meta texts...), as last saved."""
    logo_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    favicon_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    banner_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )
    custom_css_file_id: Mapped[int | None] = mapped_column(
        ForeignKey("stored_files.id", ondelete="SET NULL")
    )


group_members = Table(
    "support_group_members",
    Base.metadata,
    Column(
        "group_id", Integer, ForeignKey("support_groups.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "user_instance_id",
        Integer,
        ForeignKey("user_instances.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
team_members = Table(
    "support_team_members",
    Base.metadata,
    Column(
        "team_id", Integer, ForeignKey("support_teams.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "user_instance_id",
        Integer,
        ForeignKey("user_instances.id", ondelete="CASCADE"),
        primary_key=True,
    ),
)
team_groups = Table(
    "support_team_groups",
    Base.metadata,
    Column(
        "team_id", Integer, ForeignKey("support_teams.id", ondelete="CASCADE"), primary_key=True
    ),
    Column(
        "group_id", Integer, ForeignKey("support_groups.id", ondelete="CASCADE"), primary_key=True
    ),
)


class SupportGroup(TimestampMixin, Base):
    __tablename__ = "support_groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    members: Mapped[list[UserInstance]] = relationship(secondary=group_members, lazy="selectin")
    teams: Mapped[list[SupportTeam]] = relationship(
        secondary=team_groups, back_populates="groups", lazy="selectin"
    )


class SupportTeam(TimestampMixin, Base):
    """A sub-group ("team") of agents, attached to one or more groups."""

    __tablename__ = "support_teams"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), index=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    is_active: Mapped[bool] = mapped_column(default=True)

    members: Mapped[list[UserInstance]] = relationship(secondary=team_members, lazy="selectin")
    groups: Mapped[list[SupportGroup]] = relationship(
        secondary=team_groups, back_populates="teams", lazy="selectin"
    )


class TicketType(TimestampMixin, Base):
    __tablename__ = "ticket_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(255), unique=True)
    description: Mapped[str] = mapped_column(String(1000), default="")
    is_active: Mapped[bool] = mapped_column(default=True)


class TicketStatus(Base):
    __tablename__ = "ticket_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    description: Mapped[str] = mapped_column(String(255))
    color: Mapped[str] = mapped_column(String(16))
    sort_order: Mapped[int] = mapped_column()


class TicketPriority(Base):
    __tablename__ = "ticket_priorities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    description: Mapped[str] = mapped_column(String(255))
    color: Mapped[str] = mapped_column(String(16))


class SupportLabel(TimestampMixin, Base):
    """A private label an agent files tickets under."""

    __tablename__ = "support_labels"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    color: Mapped[str | None] = mapped_column(String(16))
    user_instance_id: Mapped[int] = mapped_column(
        ForeignKey("user_instances.id", ondelete="CASCADE"), index=True
    )


class SupportTag(TimestampMixin, Base):
    __tablename__ = "support_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255), unique=True)


# Which tickets carry which tag. Declared with the tags, so that counting a tag's uses
# stays in this area; tickets relate to their tags through it.
ticket_tags = Table(
    "ticket_tags",
    Base.metadata,
    Column("ticket_id", Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True),
    Column("tag_id", Integer, ForeignKey("support_tags.id", ondelete="CASCADE"), primary_key=True),
)


class CustomField(TimestampMixin, Base):
    """A ticket field the company defines (text, select, date, ...)."""

    __tablename__ = "custom_fields"
    __table_args__ = (UniqueConstraint("name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    field_type: Mapped[str] = mapped_column(String(32), default="text")
    agent_type: Mapped[str] = mapped_column(String(16), default="both")
    is_required: Mapped[bool] = mapped_column(default=False)
    status: Mapped[bool] = mapped_column(default=True)
    sort_order: Mapped[int] = mapped_column(default=0)
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    # Choices of select/radio/checkbox fields: [{"id", "name", "sortOrder"}].
    options: Mapped[list[Any]] = mapped_column(JSON, default=list)
    validation: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # Ticket type ids the field applies to; empty: every type.
    dependency: Mapped[list[int]] = mapped_column(JSON, default=list)


# Which knowledge-base articles carry which tag: declared here beside ``ticket_tags`` for
# the same reason (the tag list counts a tag's articles); articles relate to it.
article_tags = Table(
    "article_tags",
    Base.metadata,
    Column(
        "article_id", Integer, ForeignKey("kb_articles.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("tag_id", Integer, ForeignKey("support_tags.id", ondelete="CASCADE"), primary_key=True),
)
